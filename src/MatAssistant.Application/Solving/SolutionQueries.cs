using System.Globalization;
using MatAssistant.Ode;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Application.Solving;

/// <summary>
/// Answers the contracts' <see cref="SolveQuery"/>s through the solver's own event location on dense output
/// (<see cref="Ode.SolveQueries"/>), and words each answer for the user.
/// </summary>
internal static class SolutionQueries
{
    public static string Describe(SolveQuery q) => q.Kind switch
    {
        "value_at" => string.Create(CultureInfo.InvariantCulture, $"{q.Variable ?? "the solution"} at t = {q.Time:G6} s"),
        "time_when" => string.Create(CultureInfo.InvariantCulture, $"when {q.Variable ?? "the solution"} reaches {q.Value:G6}"),
        "half_life" => $"the half-life of {q.Variable ?? "the solution"}",
        "time_to_fraction" => string.Create(CultureInfo.InvariantCulture, $"the time until {q.Variable ?? "the solution"} falls to {q.Fraction:P0} of its initial value"),
        "depth_where" => string.Create(CultureInfo.InvariantCulture, $"the depth where (c − c0)/(cs − c0) = {q.Fraction:G4}"),
        _ => q.Kind,
    };

    public static IReadOnlyList<QueryAnswer> Answer(OdeSolution solution, IReadOnlyList<SolveQuery> queries, IReadOnlyDictionary<string, string> units)
    {
        var answers = new List<QueryAnswer>();
        foreach (var q in queries)
        {
            var variable = q.Variable ?? solution.Variables[0];
            if (!solution.Variables.Contains(variable))
            {
                throw new RequestException($"query {q.Kind}: '{variable}' is not an unknown of the problem (unknowns: {string.Join(", ", solution.Variables)}).");
            }

            var query = q.Kind switch
            {
                "value_at" => Ode.SolveQuery.ValueAtTime(variable, q.Time ?? throw new RequestException("query value_at needs a time.")),
                "time_when" => Ode.SolveQuery.TimeWhen(variable, q.Value ?? throw new RequestException("query time_when needs a value."), Direction(q.Direction)),
                "half_life" => Ode.SolveQuery.HalfLife(variable),
                "time_to_fraction" => Ode.SolveQuery.TimeToFraction(variable, q.Fraction ?? throw new RequestException("query time_to_fraction needs a fraction.")),
                _ => throw new RequestException($"query '{q.Kind}' does not apply to an ODE solution: use value_at, time_when, half_life or time_to_fraction."),
            };
            answers.Add(Translate(q, Ode.SolveQueries.Answer(solution, query, units), variable, units));
        }

        return answers;
    }

    public static IReadOnlyList<QueryAnswer> Answer(DiffusionSolution solution, IReadOnlyList<SolveQuery> queries, IReadOnlyDictionary<string, string> units)
    {
        var answers = new List<QueryAnswer>();
        foreach (var q in queries)
        {
            if (q.Kind != "depth_where")
            {
                throw new RequestException($"query '{q.Kind}' does not apply to a diffusion profile: use depth_where.");
            }

            if (q.Fraction is not ({ } f and > 0 and < 1))
            {
                throw new RequestException("query depth_where needs a fraction between 0 and 1 (0.01 for 1 % of the surface concentration).");
            }

            // (c − c0)/(cs − c0): the fraction of the change, which is c/cs when the bulk starts at 0.
            answers.Add(Translate(q, Ode.SolveQueries.Answer(solution, Ode.SolveQuery.DepthWhere(solution.Field, f, ofChange: true), units), solution.Field, units));
        }

        return answers;
    }

    private static CrossingDirection Direction(string? direction) => direction?.ToLowerInvariant() switch
    {
        null or "either" => CrossingDirection.Either,
        "up" => CrossingDirection.Up,
        "down" => CrossingDirection.Down,
        var other => throw new RequestException($"direction '{other}' is not known: use up, down or either."),
    };

    private static QueryAnswer Translate(SolveQuery q, Ode.QueryAnswer a, string variable, IReadOnlyDictionary<string, string> units)
    {
        var unit = a.Unit ?? (q.Kind is "value_at" ? units.GetValueOrDefault(variable) : q.Kind is "depth_where" ? "m" : "s");
        var what = Describe(q with { Variable = variable });
        var text = a.Value is { } v ? $"{what}: {Format(v)} {unit}".TrimEnd() : $"{what}: not reached";
        return new QueryAnswer(q, a.Value, unit, text, a.Note);
    }

    public static DiffusionSummary Summarize(DiffusionSolution solution, IReadOnlyDictionary<string, double> parameters) =>
        new(solution.Times[^1], Depth(solution, parameters, 0.5), Depth(solution, parameters, 0.1));

    private static double? Depth(DiffusionSolution solution, IReadOnlyDictionary<string, double> parameters, double fraction)
    {
        var profile = solution.Final;
        var surface = parameters.GetValueOrDefault("cs", profile[0]);
        var bulk = parameters.GetValueOrDefault("c0", 0);
        var level = bulk + (fraction * (surface - bulk));
        for (var i = 1; i < profile.Length; i++)
        {
            if ((profile[i - 1] - level) * (profile[i] - level) <= 0 && profile[i - 1] != profile[i])
            {
                return solution.X[i - 1] + ((level - profile[i - 1]) / (profile[i] - profile[i - 1]) * (solution.X[i] - solution.X[i - 1]));
            }
        }

        return null;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
