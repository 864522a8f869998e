using System.Globalization;
using MatAssistant.Agent.Answers;
using MatAssistant.Ode;
using MatAssistant.Ode.Solvers;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>Where a diffusion profile reaches a fraction of the surface value, and the value at a requested depth.</summary>
/// <param name="Time">The time of the profile (s).</param>
/// <param name="DepthHalf">Depth where c − c0 falls to half of cs − c0 (m), or null when the domain is too short.</param>
/// <param name="DepthTenth">Depth where it falls to a tenth (m), or null.</param>
/// <param name="AtDepth">The depth asked about (m), when given.</param>
/// <param name="ValueAtDepth">c at that depth.</param>
public sealed record DiffusionSummary(double Time, double? DepthHalf, double? DepthTenth, double? AtDepth, double? ValueAtDepth);

/// <summary>What <c>equations_solve</c> returns.</summary>
/// <param name="Title">What was solved.</param>
/// <param name="Template">The template's name, or null for the user's equations.</param>
/// <param name="Equations">The equations.</param>
/// <param name="Parameters">The parameters used (template defaults filled in).</param>
/// <param name="Units">Units of the unknowns, t and x where known.</param>
/// <param name="T0">Start time.</param>
/// <param name="T1">End time.</param>
/// <param name="Final">Value of each unknown at t1 (ODEs).</param>
/// <param name="Method">The integrator.</param>
/// <param name="Stiff">Whether the problem was integrated as stiff.</param>
/// <param name="Steps">Accepted steps.</param>
/// <param name="RejectedSteps">Rejected steps.</param>
/// <param name="FunctionEvaluations">Right-hand-side evaluations.</param>
/// <param name="Diffusion">For diffusion problems, the profile at t1 summarised.</param>
/// <param name="AnalyticFormula">The closed form checked against, if any.</param>
/// <param name="AnalyticMaxError">Largest difference from it.</param>
/// <param name="Ignored">Quantities of the request the model does not use.</param>
/// <param name="Plot">The plot file.</param>
public sealed record SolveToolResult(
    string Title,
    string? Template,
    IReadOnlyList<string> Equations,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, string> Units,
    double T0,
    double T1,
    IReadOnlyDictionary<string, double> Final,
    string Method,
    bool Stiff,
    long Steps,
    long RejectedSteps,
    long FunctionEvaluations,
    DiffusionSummary? Diffusion,
    string? AnalyticFormula,
    double? AnalyticMaxError,
    IReadOnlyList<string> Ignored,
    string? Plot) : IHasArtifacts
{
    public IReadOnlyList<string> Artifacts => Plot is null ? [] : [Plot];
}

/// <summary>
/// The <c>equations_solve</c> tool: the user's equations or a named materials model, solved by <see cref="OdeSolver"/> /
/// <see cref="TemplateSolver"/>, with a plot written to <paramref name="plotDirectory"/>. Validates and delegates.
/// </summary>
public sealed class SolvePlugin(string plotDirectory)
{
    private int _plots;

    /// <summary>Quantities a request may name in everyday terms, mapped to each template's parameter names.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Aliases = new(StringComparer.Ordinal)
    {
        ["fick"] = new() { ["time"] = "t1" },
        ["arrhenius"] = new() { ["time"] = "t1", ["T"] = "T0" },
        ["nth-order"] = new() { ["time"] = "t1" },
        ["jmak"] = new() { ["time"] = "t1" },
        ["newton-cooling"] = new() { ["time"] = "t1", ["T"] = "T0", ["h"] = "k" },
        ["heat-slab"] = new() { ["time"] = "t1", ["T"] = "T0" },
        ["robertson"] = new() { ["time"] = "t1" },
    };

    [KernelFunction("solve")]
    public SolveToolResult Solve(string[]? equations = null, string[]? parameters = null, string[]? initial = null, double t0 = 0, double? t1 = null, string? template = null)
    {
        var values = Assignments.Parse(parameters ?? [], "parameter");
        try
        {
            if (!string.IsNullOrWhiteSpace(template))
            {
                if (equations is { Length: > 0 })
                {
                    throw new ArgumentException("Give either equations or a template, not both.");
                }

                return SolveTemplate(template.Trim().ToLowerInvariant().Replace('_', '-'), values, t1);
            }

            if (equations is not { Length: > 0 })
            {
                throw new ArgumentException("Give the equations to solve (e.g. \"dy/dt = -k*y\") or a template name: " + string.Join(", ", OdeTemplates.All.Select(t => t.Name)) + ".");
            }

            if (t1 is not { } end)
            {
                throw new ArgumentException("Give the end time t1.");
            }

            var problem = OdeProblem.Parse(equations, values, Assignments.Parse(initial ?? [], "initial value"), t0, end);
            var solution = OdeSolver.Solve(problem);
            var plot = SavePlot(OdePlot.ForSolution(solution, string.Join("; ", equations)));
            return new SolveToolResult(
                equations.Length == 1 ? "The equation" : "The system", null, problem.Equations, problem.Parameters, new Dictionary<string, string>(), t0, end,
                solution.Final, solution.Method, solution.Stiff, solution.Steps, solution.RejectedSteps, solution.FunctionEvaluations,
                null, null, null, [], plot);
        }
        catch (OdeSolverException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    private SolveToolResult SolveTemplate(string name, Dictionary<string, double> given, double? t1)
    {
        var template = OdeTemplates.Find(name) ?? throw new ArgumentException($"Unknown template '{name}': use one of {string.Join(", ", OdeTemplates.All.Select(t => t.Name))}.");
        var known = template.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var aliases = Aliases.GetValueOrDefault(template.Name) ?? [];
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        var ignored = new List<string>();
        double? depth = null;
        foreach (var (key, value) in given)
        {
            var mapped = aliases.GetValueOrDefault(key, key);
            if (known.Contains(mapped))
            {
                parameters[mapped] = value;
            }
            else if (key == "x" && template.Kind == TemplateKind.Diffusion)
            {
                depth = value;
            }
            else
            {
                ignored.Add(string.Create(CultureInfo.InvariantCulture, $"{key} = {value:G6}"));
            }
        }

        if (t1 is { } end)
        {
            parameters["t1"] = end;
        }

        var solved = TemplateSolver.Solve(template.Name, parameters);
        var resolved = solved.Parameters;
        if (solved.Diffusion is { } diffusion)
        {
            var plot = SavePlot(OdePlot.ForProfiles(diffusion, template.Title, template.Units));
            return new SolveToolResult(
                template.Title, template.Name, template.Equations, resolved, template.Units, diffusion.T0, diffusion.Times[^1],
                new Dictionary<string, double>(), diffusion.Method, true, diffusion.Steps, diffusion.RejectedSteps, diffusion.FunctionEvaluations,
                Summarize(diffusion, resolved, depth), solved.Analytic?.Formula, solved.Analytic?.MaxAbsError, ignored, plot);
        }

        var ode = solved.Ode!;
        var odePlot = SavePlot(OdePlot.ForSolution(ode, template.Title, template.Units, template.Spacing == OutputSpacing.Logarithmic));
        return new SolveToolResult(
            template.Title, template.Name, template.Equations, resolved, template.Units, ode.T[0], ode.T[^1], ode.Final, ode.Method, ode.Stiff,
            ode.Steps, ode.RejectedSteps, ode.FunctionEvaluations, null, solved.Analytic?.Formula, solved.Analytic?.MaxAbsError, ignored, odePlot);
    }

    private static DiffusionSummary Summarize(DiffusionSolution solution, IReadOnlyDictionary<string, double> parameters, double? depth)
    {
        var profile = solution.Final;
        var surface = parameters.GetValueOrDefault("cs", profile[0]);
        var bulk = parameters.GetValueOrDefault("c0", 0);
        double? Crossing(double fraction)
        {
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

        double? at = null;
        if (depth is { } x && x >= solution.X[0] && x <= solution.X[^1])
        {
            var i = 1;
            while (i < solution.X.Count - 1 && solution.X[i] < x)
            {
                i++;
            }

            at = profile[i - 1] + ((x - solution.X[i - 1]) / (solution.X[i] - solution.X[i - 1]) * (profile[i] - profile[i - 1]));
        }

        return new DiffusionSummary(solution.Times[^1], Crossing(0.5), Crossing(0.1), depth, at);
    }

    private string SavePlot(PlotSpec spec)
    {
        var path = Path.Combine(plotDirectory, string.Create(CultureInfo.InvariantCulture, $"solution-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Interlocked.Increment(ref _plots)}.png"));
        OdePlot.Save(spec, path);
        return path;
    }
}
