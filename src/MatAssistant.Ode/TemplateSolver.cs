using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode;

/// <summary>How far a numerical solution is from the template's closed form (max over output times and nodes).</summary>
public sealed record AnalyticComparison(string Variable, string Formula, double MaxAbsError);

/// <summary>
/// A solved template: the resolved parameters and either an <see cref="OdeSolution"/> or a <see cref="DiffusionSolution"/>,
/// with the comparison against the closed form where one exists.
/// </summary>
public sealed record TemplateSolution(
    OdeTemplate Template,
    IReadOnlyDictionary<string, double> Parameters,
    OdeSolution? Ode,
    DiffusionSolution? Diffusion,
    AnalyticComparison? Analytic);

/// <summary>
/// One call from a question to an answer: <c>TemplateSolver.Solve("fick", {D: 2.5e-11, t1: 3600})</c>.
/// <see cref="Solve"/> throws (<see cref="ExpressionException"/> for bad names/values, <see cref="OdeSolverException"/>
/// for numerical failure); <see cref="TrySolve"/> returns the one-line error instead.
/// </summary>
public static class TemplateSolver
{
    /// <summary>Options suited to the template (its atol and time spacing; 6 profiles for diffusion, else 101 points).</summary>
    public static OdeOptions DefaultOptions(OdeTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var defaults = new OdeOptions();
        return defaults with
        {
            AbsoluteTolerance = template.AbsoluteTolerance ?? defaults.AbsoluteTolerance,
            Spacing = template.Spacing,
            Points = template.Kind == TemplateKind.Diffusion ? 6 : 101,
        };
    }

    public static TemplateSolution Solve(string name, IReadOnlyDictionary<string, double>? parameters = null, OdeOptions? options = null)
    {
        var template = OdeTemplates.Get(name);
        var resolved = template.Resolve(parameters);
        options ??= DefaultOptions(template);
        if (template.Kind == TemplateKind.Diffusion)
        {
            var diffusion = DiffusionSolver.Solve(template.CreateDiffusion(parameters), options);
            return new TemplateSolution(template, resolved, null, diffusion, Compare(template, resolved, diffusion));
        }

        var solution = OdeSolver.Solve(template.CreateProblem(parameters), options);
        return new TemplateSolution(template, resolved, solution, null, Compare(template, resolved, solution));
    }

    public static bool TrySolve(string name, IReadOnlyDictionary<string, double>? parameters, OdeOptions? options, out TemplateSolution? solution, out string? error)
    {
        try
        {
            solution = Solve(name, parameters, options);
            error = null;
            return true;
        }
        catch (Exception e) when (e is ExpressionException or OdeSolverException or ArgumentException)
        {
            solution = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Max |numerical − closed form| of the first unknown over the output times, or null without a closed form.</summary>
    public static AnalyticComparison? Compare(OdeTemplate template, IReadOnlyDictionary<string, double> parameters, OdeSolution solution)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(solution);
        if (template.Analytic is not { } exact)
        {
            return null;
        }

        var variable = solution.Variables[0];
        var errors = solution.T.Select((t, i) => Math.Abs(solution.Values[variable][i] - exact(parameters, t, 0))).Where(double.IsFinite).ToList();
        return errors.Count == 0 ? null : new AnalyticComparison(variable, template.AnalyticFormula!, errors.Max());
    }

    /// <summary>Max |numerical − closed form| over nodes and output times after t0, or null without a closed form.</summary>
    public static AnalyticComparison? Compare(OdeTemplate template, IReadOnlyDictionary<string, double> parameters, DiffusionSolution solution)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(solution);
        if (template.Analytic is not { } exact)
        {
            return null;
        }

        var worst = 0.0;
        for (var k = 0; k < solution.Times.Count; k++)
        {
            // At t0 the closed form is the step itself, which the grid cannot represent at x = 0.
            if (solution.Times[k] <= solution.T0)
            {
                continue;
            }

            for (var i = 0; i < solution.X.Count; i++)
            {
                worst = Math.Max(worst, Math.Abs(solution.Profiles[k][i] - exact(parameters, solution.Times[k], solution.X[i])));
            }
        }

        return new AnalyticComparison(solution.Field, template.AnalyticFormula!, worst);
    }
}
