using System.Diagnostics;
using System.Globalization;
using System.Text;
using MatAssistant.Ode;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Application.Solving;

/// <summary>
/// The solve use case: the user's equations or a template, integrated with the chosen method, checked against the closed
/// form where one exists, with the derived answers asked for (<see cref="SolveRequest.Queries"/>), every default named in
/// <see cref="SolveResult.Assumptions"/>, and the plot and CSV written atomically when asked.
/// </summary>
public sealed class SolveProblem
{
    /// <summary>Quantities a request may name in everyday terms, mapped to each template's parameter names.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Aliases = new(StringComparer.Ordinal)
    {
        ["fick"] = new() { ["time"] = "t1" },
        ["arrhenius"] = new() { ["time"] = "t1", ["T"] = "T0" },
        ["nth-order"] = new() { ["time"] = "t1" },
        ["jmak"] = new() { ["time"] = "t1" },
        ["newton-cooling"] = new() { ["time"] = "t1", ["T"] = "T0", ["h"] = "k" },
        ["heat-slab"] = new() { ["time"] = "t1", ["T"] = "T0" },
        ["heat-plate"] = new() { ["time"] = "t1", ["T"] = "T0" },
        ["heat-semi-infinite"] = new() { ["time"] = "t1", ["T"] = "Ti" },
        ["robertson"] = new() { ["time"] = "t1" },
    };

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Use cases are instances so every front end holds and calls them alike.")]
    public Task<SolveResult> RunAsync(SolveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(Solve(request));
        }
        catch (ExpressionException e)
        {
            throw new RequestException(e.Message, e);
        }
        catch (OdeSolverException e)
        {
            throw new RequestException($"the solver stopped: {e.Failure.Message}.", e);
        }
        catch (RequestException)
        {
            throw;
        }
        catch (ArgumentException e)
        {
            throw new RequestException(e.Message, e);
        }
    }

    /// <summary>Kinds of query whose answer is a time that a longer integration may reach.</summary>
    private static readonly HashSet<string> TimeQueries = new(StringComparer.Ordinal) { "time_when", "time_to_fraction", "half_life", "peak" };

    private static SolveResult Solve(SolveRequest request)
    {
        var result = SolveOnce(request);
        if (!request.ExtendToAnswer)
        {
            return result;
        }

        var first = result.T1;
        for (var attempt = 0; attempt < 8 && result.Answers.Any(a => a.Value is null && TimeQueries.Contains(a.Query.Kind)); attempt++)
        {
            result = SolveOnce(request with { T1 = result.T1 * 4 });
        }

        return result.T1 == first ? result : result with
        {
            Assumptions = [.. result.Assumptions, string.Create(CultureInfo.InvariantCulture, $"t1 extended from {first:G4} to {result.T1:G4} {result.Units.GetValueOrDefault("t", "s")} so that the time asked for is reached")],
        };
    }

    private static SolveResult SolveOnce(SolveRequest request)
    {
        var clock = Stopwatch.StartNew();
        var equations = request.Equations?.Where(e => !string.IsNullOrWhiteSpace(e)).ToArray() ?? [];
        var method = OdeMethodNames.TryParse(request.Method, out var named) ? named
            : throw new RequestException($"method '{request.Method.ToLowerInvariant()}' is not known: use {string.Join(", ", OdeMethodNames.All)}.");
        var jacobian = request.Jacobian.ToUpperInvariant() switch
        {
            "SYMBOLIC" => JacobianSource.Symbolic,
            "FD" or "FINITE-DIFFERENCE" => JacobianSource.FiniteDifference,
            var other => throw new RequestException($"jacobian '{other.ToLowerInvariant()}' is not known: use symbolic or fd."),
        };
        // An output file's folder must exist: writing into one that is not there is a typo more often than a wish.
        foreach (var (path, what) in new[] { (request.Plot, "plot"), (request.Csv, "csv") })
        {
            if (path is not null && OutputFile.Validate(path, what) is { } unwritable)
            {
                throw new RequestException(unwritable + ".");
            }
        }

        if (request.Plot is { } plotPath && Path.GetExtension(plotPath).ToUpperInvariant() is not (".PNG" or ".SVG"))
        {
            throw new RequestException($"plot '{plotPath}' must end in .png or .svg.");
        }

        var parameters = Assignments.Parse(request.Parameters ?? [], "parameter");
        var quantities = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var q in request.Quantities ?? [])
        {
            if (!double.IsFinite(q.Si))
            {
                throw new RequestException($"{q.Name} = {q.Value.ToString(CultureInfo.InvariantCulture)} {q.Unit} is not a finite number.");
            }

            quantities[q.Name] = q.Si;
        }

        var initial = Assignments.Parse(request.Initial ?? [], "initial value");
        if (!string.IsNullOrWhiteSpace(request.Template))
        {
            if (equations.Length > 0)
            {
                throw new RequestException("give either equations or a template, not both.");
            }

            var template = OdeTemplates.Find(request.Template.Trim().ToLowerInvariant().Replace('_', '-'))
                ?? throw new RequestException($"unknown template '{request.Template}': the templates: {string.Join(", ", OdeTemplates.All.Select(t => t.Name))}.");
            if (initial.Count > 0)
            {
                throw new RequestException($"template {template.Name} takes its initial values as parameters ({string.Join(", ", template.Parameters.Select(p => p.Name))}): give them as parameters.");
            }

            return SolveTemplate(template, parameters, quantities, request, method, jacobian, clock);
        }

        if (equations.Length == 0)
        {
            throw new RequestException("give an equation (dy/dt = -k*y with k=0.5, y=1 and t1 = 10) or a template (" + string.Join(", ", OdeTemplates.All.Select(t => t.Name)) + ").");
        }

        if (request.T1 is not { } t1)
        {
            throw new RequestException("give the end time t1.");
        }

        foreach (var (name, value) in quantities)
        {
            parameters[name] = value;
        }

        var problem = OdeProblem.Parse(equations, parameters, initial, request.T0, t1);
        var options = Options(request, null, method, jacobian);
        var solution = OdeSolver.Solve(problem, options);
        // The user's own equations carry the user's units: t is in hours when the rate constants are per hour.
        var userUnits = request.TimeUnit is { } timeUnit ? new Dictionary<string, string> { ["t"] = timeUnit } : new Dictionary<string, string>();
        var answers = request.Queries is { Count: > 0 } queries ? SolutionQueries.Answer(solution, queries, userUnits) : [];
        var title = equations.Length == 1 ? "The equation" : "The system";
        var assumptions = Defaults(request);
        if (request.TimeUnit is { } tu)
        {
            assumptions.Add($"t in {tu}, the time unit of the values given");
        }

        return OdeResult(title, null, problem, solution, userUnits, request, options, null, answers, assumptions, [], clock);
    }

    /// <summary>
    /// A template with the user's values: <paramref name="given"/> (explicit parameters) must name the template's parameters
    /// or their everyday aliases, so a typo is an error; <paramref name="quantities"/> (read from a request's words) that the
    /// template has no use for are listed in <see cref="SolveResult.Ignored"/> instead.
    /// </summary>
    private static SolveResult SolveTemplate(OdeTemplate template, Dictionary<string, double> given, Dictionary<string, double> quantities, SolveRequest request, OdeMethod method, JacobianSource jacobian, Stopwatch clock)
    {
        var known = template.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var aliases = Aliases.GetValueOrDefault(template.Name) ?? [];
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var (key, value) in given)
        {
            var mapped = aliases.GetValueOrDefault(key, key);
            if (!known.Contains(mapped))
            {
                throw new RequestException($"template {template.Name} has no parameter '{key}'; its parameters are: {string.Join(", ", template.Parameters.Select(p => p.Name))}.");
            }

            parameters[mapped] = value;
        }

        foreach (var (key, value) in quantities)
        {
            var mapped = aliases.GetValueOrDefault(key, key);
            if (known.Contains(mapped))
            {
                parameters[mapped] = value;
            }
            else if (key == "x" && template.Kind == TemplateKind.Diffusion)
            {
                // A depth asked about is a query, not a parameter.
                ignored.Add(string.Create(CultureInfo.InvariantCulture, $"x = {value:G6} m (a depth: ask for value_at or depth_where)"));
            }
            else
            {
                ignored.Add(string.Create(CultureInfo.InvariantCulture, $"{key} = {value:G6}"));
            }
        }

        if (request.T1 is { } end)
        {
            parameters["t1"] = end;
        }

        var assumptions = template.Parameters.Where(p => !parameters.ContainsKey(p.Name))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} = {p.Default:G6} {p.Unit} (template default: {p.Description})"))
            .Concat(Defaults(request)).ToList();
        var resolved = template.Resolve(parameters);
        var options = Options(request, template, method, jacobian);
        if (template.Kind == TemplateKind.Diffusion)
        {
            var problem = template.CreateDiffusion(parameters);
            var diffusion = DiffusionSolver.Solve(problem, options);
            var analytic = TemplateSolver.Compare(template, resolved, diffusion);
            var answers = SolutionQueries.Answer(diffusion, request.Queries ?? [], template.Units);
            string? plot = null, csv = null;
            if (request.Plot is { } plotFile)
            {
                OdePlot.Save(OdePlot.ForProfiles(diffusion, Shorten(template.Title), template.Units), plotFile);
                plot = Path.GetFullPath(plotFile);
            }

            if (request.Csv is { } csvFile)
            {
                csv = SolutionCsv.Write(diffusion, csvFile);
            }

            return new SolveResult
            {
                Title = template.Title,
                Template = template.Name,
                Equations = template.Equations,
                Parameters = resolved,
                Given = request.Quantities ?? [],
                Units = template.Units,
                Variables = [diffusion.Field],
                T0 = diffusion.T0,
                T1 = diffusion.Times[^1],
                T = diffusion.Times,
                X = diffusion.X,
                Profiles = new Dictionary<string, IReadOnlyList<double[]>>(StringComparer.Ordinal) { [diffusion.Field] = diffusion.Profiles },
                FinalProfile = new Dictionary<string, double[]>(StringComparer.Ordinal) { [diffusion.Field] = diffusion.Final },
                Values = new Dictionary<string, double[]>(StringComparer.Ordinal),
                Final = new Dictionary<string, double>(StringComparer.Ordinal),
                Answers = answers,
                Diffusion = SolutionQueries.Summarize(diffusion, resolved),
                Method = diffusion.Method,
                Stiff = true,
                Steps = diffusion.Steps,
                RejectedSteps = diffusion.RejectedSteps,
                FunctionEvaluations = diffusion.FunctionEvaluations,
                JacobianEvaluations = diffusion.JacobianEvaluations,
                LuDecompositions = diffusion.Factorizations,
                Jacobian = "tridiagonal",
                Rtol = options.RelativeTolerance,
                Atol = options.AbsoluteTolerance,
                Analytic = analytic,
                Assumptions = assumptions,
                Ignored = ignored,
                Plot = plot,
                Csv = csv,
                Seconds = Math.Round(clock.Elapsed.TotalSeconds, 4),
                Understood = Describe(template.Title, resolved, request, template.Units),
            };
        }

        var odeProblem = template.CreateProblem(parameters);
        var solution = OdeSolver.Solve(odeProblem, options);
        var odeAnswers = request.Queries is { Count: > 0 } queries ? SolutionQueries.Answer(solution, queries, template.Units) : [];
        if (resolved.TryGetValue("beta", out var beta) && beta != 0 && resolved.TryGetValue("T0", out var start))
        {
            // Under a heating ramp a time is a temperature: say which.
            odeAnswers = odeAnswers.Select(a => a.Value is { } t && a.Unit == "s"
                ? a with { Text = a.Text + string.Create(CultureInfo.InvariantCulture, $"; then T = T0 + beta·t = {start + (beta * t):G6} K") + SolutionQueries.InUsualUnits(start + (beta * t), "K") }
                : a).ToList();
        }
        var comparison = TemplateSolver.Compare(template, resolved, solution);
        return OdeResult(template.Title, template, odeProblem, solution, template.Units, request, options, comparison, odeAnswers, assumptions, ignored, clock, resolved);
    }

    private static SolveResult OdeResult(
        string title, OdeTemplate? template, OdeProblem problem, OdeSolution s, IReadOnlyDictionary<string, string> units, SolveRequest request, OdeOptions options,
        AnalyticComparison? analytic, IReadOnlyList<QueryAnswer> answers, IReadOnlyList<string> assumptions, IReadOnlyList<string> ignored, Stopwatch clock,
        IReadOnlyDictionary<string, double>? resolved = null)
    {
        string? plot = null, csv = null;
        if (request.Plot is { } plotFile)
        {
            // Few output points make a polygon: the plot gets its own dense output (the statistics stay those of the answer).
            var drawn = s.T.Count >= 201 ? s : OdeSolver.Solve(problem, options with { Points = 401, OutputTimes = null });
            var plotTitle = template?.Title ?? string.Join("; ", problem.Equations.Take(3));
            OdePlot.Save(OdePlot.ForSolution(drawn, Shorten(plotTitle), units, options.Spacing == OutputSpacing.Logarithmic), plotFile);
            plot = Path.GetFullPath(plotFile);
        }

        if (request.Csv is { } csvFile)
        {
            csv = SolutionCsv.Write(s, csvFile);
        }

        var parameters = resolved ?? problem.Parameters;
        return new SolveResult
        {
            Title = title,
            Template = template?.Name,
            Equations = problem.Equations,
            Parameters = parameters,
            Given = request.Quantities ?? [],
            Units = units,
            Variables = s.Variables,
            T0 = s.T[0],
            T1 = s.T[^1],
            T = s.T,
            Profiles = new Dictionary<string, IReadOnlyList<double[]>>(StringComparer.Ordinal),
            Values = s.Values,
            Final = s.Final,
            Answers = answers,
            Method = s.Method,
            Stiff = s.Stiff,
            SwitchTime = s.SwitchTime,
            Steps = s.Steps,
            RejectedSteps = s.RejectedSteps,
            FunctionEvaluations = s.FunctionEvaluations,
            JacobianEvaluations = s.JacobianEvaluations,
            LuDecompositions = s.Factorizations,
            Jacobian = s.Jacobian,
            Rtol = s.RelativeTolerance,
            Atol = s.AbsoluteTolerance,
            Analytic = analytic,
            Assumptions = assumptions,
            Ignored = ignored,
            Plot = plot,
            Csv = csv,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 4),
            Understood = Describe(template?.Title ?? string.Join("; ", problem.Equations), parameters, request, units),
        };
    }

    private static OdeOptions Options(SolveRequest request, OdeTemplate? template, OdeMethod method, JacobianSource jacobian)
    {
        var defaults = template is null ? new OdeOptions() : TemplateSolver.DefaultOptions(template);
        var options = defaults with
        {
            Method = method,
            Jacobian = jacobian,
            RelativeTolerance = request.Rtol ?? defaults.RelativeTolerance,
            AbsoluteTolerance = request.Atol ?? defaults.AbsoluteTolerance,
            Points = request.Points ?? defaults.Points,
            Spacing = request.LogTime ? OutputSpacing.Logarithmic : defaults.Spacing,
            MaxSteps = request.MaxSteps ?? defaults.MaxSteps,
            OutputTimes = request.Times is { Count: > 0 } times ? [.. times] : null,
            DenseOutput = request.Queries is { Count: > 0 },
        };
        return options.Validate() is { } problem ? throw new RequestException(problem + ".") : options;
    }

    private static List<string> Defaults(SolveRequest request)
    {
        var list = new List<string>();
        if (request.Rtol is null)
        {
            list.Add("rtol = 1e-8 (default)");
        }

        if (request.Method.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            list.Add("method auto: Dormand–Prince, switching to Rodas4 when the problem turns stiff");
        }

        return list;
    }

    private static string Describe(string what, IReadOnlyDictionary<string, double> parameters, SolveRequest request, IReadOnlyDictionary<string, string> units)
    {
        // A quantity given without a unit is in SI (the planner converts): say which, so "T = 1273.15" reads as kelvin.
        static string SiUnit(string name) => name switch { "T" => " K", "D" => " m²/s", "x" => " m", "time" => " s", "k" => " 1/s", "Ea" => " J/mol", _ => string.Empty };
        var given = (request.Quantities ?? []).Select(q => q.Unit is null
            ? string.Create(CultureInfo.InvariantCulture, $"{q.Name} = {q.Value:G6}{SiUnit(q.Name)}")
            : string.Create(CultureInfo.InvariantCulture, $"{q.Name} = {q.Value:G6} {q.Unit} ({q.Si:G6} SI)")).ToList();
        var text = new StringBuilder($"solve {Shorten(what)}");
        if (given.Count > 0)
        {
            text.Append(" with ").Append(string.Join(", ", given));
        }

        if (request.Queries is { Count: > 0 } queries)
        {
            text.Append("; asked: ").Append(string.Join(", ", queries.Select(q => SolutionQueries.Describe(q, units.GetValueOrDefault("t", "s")))));
        }

        return text.ToString();
    }

    /// <summary>Plot titles: the part of a template title before its parenthesis, at most 90 characters.</summary>
    internal static string Shorten(string title)
    {
        var cut = title.IndexOf(" (", StringComparison.Ordinal);
        var head = cut > 20 ? title[..cut] : title;
        return head.Length <= 90 ? head : head[..87] + "...";
    }
}
