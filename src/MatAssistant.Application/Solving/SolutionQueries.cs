using System.Globalization;
using MatAssistant.Ode;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Application.Solving;

/// <summary>
/// Answers <see cref="SolveQuery"/>s from a solution: a crossing is bracketed on a fine output grid, then refined by
/// regula falsi (Illinois) on re-integrations to the trial time, so the time is as accurate as the integration itself, not
/// as coarse as the grid.
/// </summary>
internal static class SolutionQueries
{
    /// <summary>Output points of the bracketing pass.</summary>
    private const int BracketPoints = 2001;

    private const int MaxRefinements = 60;

    public static string Describe(SolveQuery q) => q.Kind switch
    {
        "value_at" => string.Create(CultureInfo.InvariantCulture, $"{q.Variable ?? "the solution"} at t = {q.Time:G6} s"),
        "time_when" => string.Create(CultureInfo.InvariantCulture, $"when {q.Variable ?? "the solution"} reaches {q.Value:G6}"),
        "half_life" => $"the half-life of {q.Variable ?? "the solution"}",
        "time_to_fraction" => string.Create(CultureInfo.InvariantCulture, $"the time until {q.Variable ?? "the solution"} falls to {q.Fraction:P0} of its initial value"),
        "depth_where" => string.Create(CultureInfo.InvariantCulture, $"the depth where (c − c0)/(cs − c0) = {q.Fraction:G4}"),
        _ => q.Kind,
    };

    public static IReadOnlyList<QueryAnswer> Answer(OdeProblem problem, OdeOptions options, OdeSolution solution, IReadOnlyList<SolveQuery> queries, IReadOnlyDictionary<string, string> units)
    {
        var answers = new List<QueryAnswer>();
        OdeSolution? fine = null;
        foreach (var q in queries)
        {
            var variable = q.Variable ?? solution.Variables[0];
            if (!solution.Variables.Contains(variable))
            {
                throw new RequestException($"query {q.Kind}: '{variable}' is not an unknown of the problem (unknowns: {string.Join(", ", solution.Variables)}).");
            }

            var unit = units.GetValueOrDefault(variable);
            var timeUnit = units.GetValueOrDefault("t", "s");
            switch (q.Kind)
            {
                case "value_at":
                {
                    if (q.Time is not { } t || !double.IsFinite(t))
                    {
                        throw new RequestException("query value_at needs a finite time.");
                    }

                    if (t < problem.T0 || t > problem.T1)
                    {
                        answers.Add(new(q, null, unit, $"{variable} at t = {Format(t)} {timeUnit}: outside the solved span", $"t = {Format(t)} lies outside [{Format(problem.T0)}, {Format(problem.T1)}]; solve to a later t1."));
                        break;
                    }

                    var value = At(problem, options, variable, t);
                    answers.Add(new(q, value, unit, $"{variable}({Format(t)} {timeUnit}) = {Format(value)} {unit}".TrimEnd(), null));
                    break;
                }

                case "time_when" or "half_life" or "time_to_fraction":
                {
                    fine ??= OdeSolver.Solve(problem, options with { Points = BracketPoints, OutputTimes = null });
                    var y = fine.Values[variable];
                    var level = q.Kind switch
                    {
                        "half_life" => y[0] / 2,
                        "time_to_fraction" => (q.Fraction is { } f && f > 0 && double.IsFinite(f) ? f : throw new RequestException("query time_to_fraction needs a fraction > 0.")) * y[0],
                        _ => q.Value is { } v && double.IsFinite(v) ? v : throw new RequestException("query time_when needs a finite value."),
                    };
                    var direction = q.Kind == "time_when" ? (q.Direction ?? "either") : "down";
                    var what = q.Kind switch
                    {
                        "half_life" => $"half-life of {variable}",
                        "time_to_fraction" => string.Create(CultureInfo.InvariantCulture, $"time until {variable} falls to {q.Fraction * 100:G4} % of {Format(y[0])}"),
                        _ => $"time when {variable} reaches {Format(level)} {unit}".TrimEnd(),
                    };
                    var time = Crossing(problem, options, fine, variable, level, direction);
                    answers.Add(time is { } found
                        ? new(q, found, timeUnit, $"{what}: t = {Format(found)} {timeUnit}", null)
                        : new(q, null, timeUnit, $"{what}: not reached by t1 = {Format(problem.T1)} {timeUnit}", string.Create(CultureInfo.InvariantCulture, $"{variable} stays {(y[^1] > level ? "above" : "below")} {Format(level)} between t0 and t1 (it ends at {Format(y[^1])}); solve to a later t1.")));
                    break;
                }

                default:
                    throw new RequestException($"query '{q.Kind}' does not apply to an ODE solution: use value_at, time_when, half_life or time_to_fraction.");
            }
        }

        return answers;
    }

    public static IReadOnlyList<QueryAnswer> Answer(DiffusionSolution solution, IReadOnlyDictionary<string, double> parameters, IReadOnlyList<SolveQuery> queries, IReadOnlyDictionary<string, string> units)
    {
        var answers = new List<QueryAnswer>();
        var xUnit = units.GetValueOrDefault("x", "m");
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

            var depth = Depth(solution, parameters, f);
            answers.Add(depth is { } d
                ? new(q, d, xUnit, string.Create(CultureInfo.InvariantCulture, $"depth where (c − c0)/(cs − c0) = {f:G4} at t = {Format(solution.Times[^1])} s: x = {Format(d)} {xUnit}"), "linear interpolation between grid nodes")
                : new(q, null, xUnit, string.Create(CultureInfo.InvariantCulture, $"depth where (c − c0)/(cs − c0) = {f:G4}: beyond the domain"), "the profile has not fallen that far within the domain; enlarge L."));
        }

        return answers;
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

    private static double At(OdeProblem problem, OdeOptions options, string variable, double t)
    {
        if (t == problem.T0)
        {
            return OdeSolver.Solve(problem, options with { OutputTimes = [problem.T0, problem.T1] }).Values[variable][0];
        }

        return OdeSolver.Solve(problem, options with { OutputTimes = [problem.T0, t, problem.T1] }).Values[variable][1];
    }

    private static double? Crossing(OdeProblem problem, OdeOptions options, OdeSolution fine, string variable, double level, string direction)
    {
        var y = fine.Values[variable];
        for (var i = 1; i < y.Length; i++)
        {
            var a = y[i - 1] - level;
            var b = y[i] - level;
            var crosses = direction switch
            {
                "up" => a < 0 && b >= 0,
                "down" => a > 0 && b <= 0,
                _ => (a <= 0 && b >= 0) || (a >= 0 && b <= 0),
            };
            if (!crosses || a == b)
            {
                continue;
            }

            if (a == 0)
            {
                return fine.T[i - 1];
            }

            // Illinois regula falsi on re-integrations: converges superlinearly and never leaves the bracket.
            double lo = fine.T[i - 1], hi = fine.T[i], flo = a, fhi = b;
            var side = 0;
            for (var k = 0; k < MaxRefinements && hi - lo > 1e-13 * Math.Max(1, Math.Abs(hi)); k++)
            {
                var mid = hi - (fhi * (hi - lo) / (fhi - flo));
                if (!(mid > lo && mid < hi))
                {
                    mid = 0.5 * (lo + hi);
                }

                var fm = At(problem, options, variable, mid) - level;
                if (fm == 0)
                {
                    return mid;
                }

                if (Math.Sign(fm) == Math.Sign(flo))
                {
                    lo = mid;
                    flo = fm;
                    if (side == -1)
                    {
                        fhi /= 2;
                    }

                    side = -1;
                }
                else
                {
                    hi = mid;
                    fhi = fm;
                    if (side == 1)
                    {
                        flo /= 2;
                    }

                    side = 1;
                }

                if (Math.Abs(fm) <= 1e-12 * Math.Max(1, Math.Abs(level)))
                {
                    return mid;
                }
            }

            return 0.5 * (lo + hi);
        }

        return null;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
