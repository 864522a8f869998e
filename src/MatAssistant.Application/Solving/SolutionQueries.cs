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
    public static string Describe(SolveQuery q, string timeUnit = "s") => q.Kind switch
    {
        "value_at" => string.Create(CultureInfo.InvariantCulture, $"{q.Variable ?? "the solution"} at t = {q.Time:G6} {timeUnit}"),
        "time_when" => string.Create(CultureInfo.InvariantCulture, $"when {q.Variable ?? "the solution"}{(q.Depth is { } x ? $" at x = {x:G6} m" : "")} reaches {q.Value:G6}"),
        "half_life" => $"the half-life of {q.Variable ?? "the solution"}",
        "time_to_fraction" => string.Create(CultureInfo.InvariantCulture, $"the time until {q.Variable ?? "the solution"} falls to {q.Fraction:P0} of its initial value"),
        "depth_where" => string.Create(CultureInfo.InvariantCulture, $"the depth where (c − c0)/(cs − c0) = {q.Fraction:G4}"),
        "peak" => $"the peak of {q.Variable ?? "the solution"}",
        "converted_at" => string.Create(CultureInfo.InvariantCulture, $"the fraction of {q.Variable ?? "the solution"} converted (1 − {q.Variable ?? "y"}/{q.Variable ?? "y"}0) at t = {q.Time:G6} {timeUnit}"),
        "value_at_depth" => string.Create(CultureInfo.InvariantCulture, $"the value at x = {q.Depth:G6} m{(q.Time is { } t ? $" at t = {t:G6} s" : " at t1")}"),
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

            if (q.Kind == "peak")
            {
                answers.Add(Peak(solution, q with { Variable = variable }));
                continue;
            }

            if (q.Kind == "converted_at")
            {
                var at = Ode.SolveQueries.Answer(solution, Ode.SolveQuery.ValueAtTime(variable, q.Time ?? throw new RequestException("query converted_at needs a time.")), units);
                var start = solution.Values[variable][0];
                double? converted = at.Value is { } y && start != 0 ? 1 - (y / start) : null;
                var said = Describe(q with { Variable = variable });
                answers.Add(new QueryAnswer(q, converted, "fraction", converted is { } f ? string.Create(CultureInfo.InvariantCulture, $"{said}: {Format(f)} ({Format(f * 100)} %); left: {Format(1 - f)} ({Format((1 - f) * 100)} %)") : $"{said}: not available", at.Note));
                continue;
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
            if (q.Kind == "value_at_depth")
            {
                answers.Add(ValueAtDepth(solution, q, units));
                continue;
            }

            if (q.Kind == "time_when")
            {
                answers.Add(TimeWhenAtDepth(solution, q, units));
                continue;
            }

            if (q.Kind != "depth_where")
            {
                throw new RequestException($"query '{q.Kind}' does not apply to a diffusion profile: use depth_where, value_at_depth or time_when.");
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

    /// <summary>When and how high an unknown peaks: the largest output sample, refined by golden-section search on the dense output.</summary>
    private static QueryAnswer Peak(OdeSolution solution, SolveQuery q)
    {
        var variable = q.Variable!;
        var index = solution.Variables.ToList().IndexOf(variable);
        var values = solution.Values[variable];
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        var what = Describe(q);
        if (best == 0 || best == values.Length - 1)
        {
            return new QueryAnswer(q, null, "s", $"{what}: no interior maximum between t = {Format(solution.T[0])} and {Format(solution.T[^1])}", best == 0 ? $"{variable} is largest at the start" : $"{variable} is still rising at t1: solve to a later t1");
        }

        double Y(double t) => solution.Dense is { } dense ? dense.Evaluate(t)[index] : values[best];
        double a = solution.T[best - 1], b = solution.T[best + 1];
        var golden = (Math.Sqrt(5) - 1) / 2;
        for (var k = 0; k < 100 && b - a > 1e-12 * Math.Max(1, Math.Abs(b)); k++)
        {
            var c = b - (golden * (b - a));
            var d = a + (golden * (b - a));
            if (Y(c) > Y(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }
        }

        var time = (a + b) / 2;
        var peak = solution.Dense is null ? values[best] : Y(time);
        return new QueryAnswer(q, time, "s", $"{what}: at t = {Format(time)} s, where {variable} = {Format(peak)}", null);
    }

    /// <summary>The profile at a depth: linear between the grid nodes, at the asked time or at t1.</summary>
    private static QueryAnswer ValueAtDepth(DiffusionSolution solution, SolveQuery q, IReadOnlyDictionary<string, string> units)
    {
        var x = q.Depth ?? throw new RequestException("query value_at_depth needs a depth.");
        var time = q.Time ?? solution.Times[^1];
        var profile = solution.ProfileAt(time);
        var unit = units.GetValueOrDefault(solution.Field);
        var what = Describe(q);
        if (profile is null || x < solution.X[0] || x > solution.X[^1])
        {
            return new QueryAnswer(q, null, unit, $"{what}: not available", profile is null ? "no profile at that time" : $"x lies outside the domain [0, {Format(solution.X[^1])}] m");
        }

        var value = Interpolate(solution.X, profile, x);
        return new QueryAnswer(q, value, unit, $"{what}: {solution.Field} = {Format(value)} {unit}{InUsualUnits(value, unit)}".TrimEnd(), null);
    }

    /// <summary>
    /// The first time the field at one position crosses a level (a slab's centre cooling below a temperature), bisected on
    /// the dense output; the answer also gives the profile's two ends at that moment (centre and surface of a slab).
    /// </summary>
    private static QueryAnswer TimeWhenAtDepth(DiffusionSolution solution, SolveQuery q, IReadOnlyDictionary<string, string> units)
    {
        var level = q.Value ?? throw new RequestException("query time_when needs a value.");
        var x = q.Depth ?? 0;
        var unit = units.GetValueOrDefault(solution.Field);
        var what = Describe(q with { Variable = solution.Field });
        double? At(double t) => solution.ProfileAt(t) is { } p ? Interpolate(solution.X, p, x) - level : null;
        const int samples = 400;
        var t0 = solution.T0;
        var t1 = solution.Times[^1];
        var previousTime = t0;
        var previous = At(t0);
        for (var k = 1; k <= samples && previous is not null; k++)
        {
            var t = t0 + ((t1 - t0) * k / samples);
            if (At(t) is not { } g)
            {
                break;
            }

            var crosses = q.Direction?.ToLowerInvariant() switch
            {
                "up" => previous < 0 && g >= 0,
                "down" => previous > 0 && g <= 0,
                _ => (previous < 0 && g >= 0) || (previous > 0 && g <= 0),
            };
            if (crosses)
            {
                double lo = previousTime, hi = t;
                for (var i = 0; i < 80; i++)
                {
                    var mid = (lo + hi) / 2;
                    var gm = At(mid) ?? 0;
                    if (Math.Sign(gm) == Math.Sign(previous.Value) && gm != 0)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                var time = (lo + hi) / 2;
                var profile = solution.ProfileAt(time)!;
                var ends = string.Create(CultureInfo.InvariantCulture, $"; then {solution.Field}(x = 0) = {Format(profile[0])}{Space(unit)}{InUsualUnits(profile[0], unit)} and {solution.Field}(x = {Format(solution.X[^1])} m) = {Format(profile[^1])}{Space(unit)}{InUsualUnits(profile[^1], unit)}");
                return new QueryAnswer(q, time, "s", $"{what}: {Format(time)} s{ends}", null);
            }

            previous = g;
            previousTime = t;
        }

        return new QueryAnswer(q, null, "s", $"{what}: not reached", $"{solution.Field} at x = {Format(x)} m does not reach {Format(level)} between t = {Format(t0)} and {Format(t1)}: solve to a later t1");
    }

    private static double Interpolate(IReadOnlyList<double> x, double[] y, double at)
    {
        for (var i = 0; i + 1 < x.Count; i++)
        {
            if (at <= x[i + 1])
            {
                var w = (at - x[i]) / (x[i + 1] - x[i]);
                return y[i] + (w * (y[i + 1] - y[i]));
            }
        }

        return y[^1];
    }

    private static string Space(string? unit) => string.IsNullOrEmpty(unit) ? string.Empty : " " + unit;

    /// <summary>
    /// A temperature in kelvin gets degrees Celsius beside it, and a length under a millimetre micrometres or nanometres:
    /// users write °C and µm and read them (a layer "6.00001E-07 m" is 0.6 µm).
    /// </summary>
    internal static string InUsualUnits(double value, string? unit) => unit switch
    {
        "K" => string.Create(CultureInfo.InvariantCulture, $" (= {Format(value - 273.15)} °C)"),
        "m" when Math.Abs(value) is >= 1e-7 and < 1e-3 => string.Create(CultureInfo.InvariantCulture, $" (= {Format(value * 1e6)} µm)"),
        "m" when Math.Abs(value) is >= 1e-10 and < 1e-7 => string.Create(CultureInfo.InvariantCulture, $" (= {Format(value * 1e9)} nm)"),
        _ => string.Empty,
    };

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
        var what = Describe(q with { Variable = variable }, units.GetValueOrDefault("t", "s"));
        var text = a.Value is { } v ? $"{what}: {Format(v)} {unit}".TrimEnd() + InUsualUnits(v, unit) : $"{what}: not reached";
        return new QueryAnswer(q, a.Value, unit, text, a.Note);
    }

    public static DiffusionSummary Summarize(DiffusionSolution solution, IReadOnlyDictionary<string, double> parameters) =>
        new(solution.Times[^1], Depth(solution, parameters, 0.5), Depth(solution, parameters, 0.1),
            parameters.TryGetValue("D", out var d) && d > 0 ? Math.Sqrt(d * solution.Times[^1]) : null);

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
