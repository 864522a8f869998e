using System.Globalization;

namespace MatAssistant.Agent.Planning;

/// <summary>Turns a parsed request into the arguments of its tool, named as the plugins' parameters are.</summary>
public static class ToolArguments
{
    /// <summary>Candidates proposed when the user gave no number.</summary>
    public const int DefaultDesignCount = 10;

    /// <summary>Passages retrieved for a question.</summary>
    public const int DefaultPassages = 5;

    /// <summary>Passages retrieved for a question of several parts or a comparison.</summary>
    public const int WidePassages = 8;

    public static Dictionary<string, object?> For(ParsedRequest request) => request.Intent switch
    {
        RequestIntent.Screen or RequestIntent.ExplainAndScreen => new() { ["formulas"] = request.Formulas.ToArray() },
        RequestIntent.Design => Design(request.Design!),
        RequestIntent.Solve => Solve(request.Solve!),
        _ => Retrieval(request),
    };

    /// <summary>The literature half of an explain-and-check request: the question without the formulas to check.</summary>
    /// <summary>
    /// A question of several parts, or a comparison, gets more passages: one BM25 ranking of the whole question tends to
    /// fill the top five with the first part's or the first paper's passages.
    /// </summary>
    public static Dictionary<string, object?> Retrieval(ParsedRequest request)
    {
        var shape = MatAssistant.Literature.QuestionShape.Read(request.Text);
        var top = shape.Parts.Count > 1 || shape.Kind == MatAssistant.Literature.QuestionKind.Comparison ? WidePassages : DefaultPassages;
        return new() { ["query"] = request.Text, ["top"] = top };
    }

    private static Dictionary<string, object?> Design(DesignSlots design)
    {
        var arguments = new Dictionary<string, object?> { ["count"] = design.Count ?? DefaultDesignCount };
        if (design.Include.Count > 0)
        {
            arguments["include"] = design.Include.ToArray();
        }

        if (design.IncludeAny.Count > 0)
        {
            arguments["includeAny"] = design.IncludeAny.ToArray();
        }

        if (design.Exclude.Count > 0)
        {
            arguments["exclude"] = design.Exclude.ToArray();
        }

        if (design.ElementsOnly is { Count: > 0 } system)
        {
            arguments["elementsOnly"] = system.ToArray();
        }

        if (design.MinElements is { } min)
        {
            arguments["minElements"] = min;
        }

        if (design.Anion is { } anion)
        {
            arguments["anion"] = anion;
        }

        if (design.Stoichiometry is { } stoichiometry)
        {
            arguments["stoichiometry"] = stoichiometry;
        }

        if (design.NovelOnly)
        {
            arguments["novelOnly"] = true;
        }

        if (design.KnownOnly)
        {
            arguments["knownOnly"] = true;
        }

        if (design.ListKnown)
        {
            arguments["listKnown"] = true;
        }

        if (design.ExactElements is { } exact)
        {
            arguments["elementCount"] = exact;
        }

        if (design.MaxElements is { } max)
        {
            arguments["maxElements"] = max;
        }

        if (design.Properties.Count > 0)
        {
            arguments["where"] = string.Join(" and ", design.Properties.Select(p => p.ToFilter()));
        }

        return arguments;
    }

    private static Dictionary<string, object?> Solve(SolveSlots solve)
    {
        static string[] Pairs(IReadOnlyDictionary<string, double> values) =>
            values.Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}").ToArray();

        var arguments = new Dictionary<string, object?>();
        if (solve.Equations.Count > 0)
        {
            arguments["equations"] = solve.Equations.ToArray();
            arguments["parameters"] = Pairs(solve.Parameters);
            arguments["initial"] = Pairs(solve.InitialValues);
        }
        else
        {
            arguments["template"] = solve.Template;
            arguments["parameters"] = Pairs(solve.Parameters);
            // A depth asked about travels as a value_at_depth query, not as a quantity the model would list as unused.
            var asDepthQuery = solve.Queries.Any(q => q.StartsWith("value_at_depth", StringComparison.Ordinal));
            arguments["quantities"] = Pairs(solve.Quantities.Where(q => !solve.Parameters.ContainsKey(q.Key) && !(asDepthQuery && q.Key == "x")).ToDictionary(p => p.Key, p => p.Value));
        }

        if (solve.Queries.Count > 0)
        {
            arguments["queries"] = solve.Queries.ToArray();
        }

        if (solve.T0 is { } t0)
        {
            arguments["t0"] = t0;
        }

        if (solve.T1 is { } t1)
        {
            arguments["t1"] = t1;
        }

        if (solve.EquationTimeUnit is { } unit)
        {
            arguments["timeUnit"] = unit;
        }

        if (solve.ExtendToAnswer)
        {
            arguments["extendToAnswer"] = true;
        }

        return arguments;
    }
}
