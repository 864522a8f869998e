using System.Globalization;
using MathNet.Numerics.Interpolation;
using MathNet.Numerics.RootFinding;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode;

/// <summary>What a query asks of a solution.</summary>
public enum QueryKind
{
    /// <summary><c>value_at</c>: a variable's value at <see cref="SolveQuery.Time"/>.</summary>
    ValueAt,

    /// <summary><c>time_when</c>: the first time a variable reaches <see cref="SolveQuery.Value"/> in <see cref="SolveQuery.Direction"/>.</summary>
    TimeWhen,

    /// <summary><c>half_life</c>: the first time a variable has fallen to half its initial value.</summary>
    HalfLife,

    /// <summary><c>time_to_fraction</c>: the first time a variable reaches <see cref="SolveQuery.Fraction"/> × its initial value.</summary>
    TimeToFraction,

    /// <summary><c>time_to_fraction_of_change</c> (t50, t90): the first time y0 + fraction·(y(t1) − y0) is reached.</summary>
    TimeToFractionOfChange,

    /// <summary><c>depth_where</c> (diffusion): the depth where c/cs, or (c − c0)/(cs − c0), falls to <see cref="SolveQuery.Fraction"/>.</summary>
    DepthWhere,
}

/// <summary>Which crossings of a value count.</summary>
public enum CrossingDirection
{
    /// <summary>Rising or falling.</summary>
    Either,

    /// <summary>From below to the value.</summary>
    Up,

    /// <summary>From above to the value.</summary>
    Down,
}

/// <summary>
/// One question about a solution. Build it with the factories (<see cref="ValueAtTime"/>, <see cref="TimeWhen"/>,
/// <see cref="HalfLife"/>, …); <see cref="Validate"/> says what is missing.
/// </summary>
public sealed record SolveQuery(QueryKind Kind, string Variable)
{
    /// <summary>The value to reach (<see cref="QueryKind.TimeWhen"/>).</summary>
    public double? Value { get; init; }

    /// <summary>The time (<see cref="QueryKind.ValueAt"/>), or the profile's time for <see cref="QueryKind.DepthWhere"/> (default t1).</summary>
    public double? Time { get; init; }

    /// <summary>The fraction (<see cref="QueryKind.TimeToFraction"/>, <see cref="QueryKind.TimeToFractionOfChange"/>, <see cref="QueryKind.DepthWhere"/>).</summary>
    public double? Fraction { get; init; }

    /// <summary>Which crossings count (default either); the fraction queries choose it from the initial value.</summary>
    public CrossingDirection Direction { get; init; } = CrossingDirection.Either;

    /// <summary>Absolute tolerance of the located time or depth (default 1e-10 × the span searched).</summary>
    public double? Tolerance { get; init; }

    /// <summary><see cref="QueryKind.DepthWhere"/>: use (c − c0)/(cs − c0) rather than c/cs (default false).</summary>
    public bool OfChange { get; init; }

    /// <summary><see cref="QueryKind.DepthWhere"/>: the surface value cs (default the profile's value at x = 0).</summary>
    public double? Surface { get; init; }

    /// <summary><see cref="QueryKind.DepthWhere"/>: the background value c0 (default the initial profile's value at the far end).</summary>
    public double? Background { get; init; }

    public static SolveQuery ValueAtTime(string variable, double time) => new(QueryKind.ValueAt, variable) { Time = time };

    public static SolveQuery TimeWhen(string variable, double value, CrossingDirection direction = CrossingDirection.Either) =>
        new(QueryKind.TimeWhen, variable) { Value = value, Direction = direction };

    public static SolveQuery HalfLife(string variable) => new(QueryKind.HalfLife, variable);

    public static SolveQuery TimeToFraction(string variable, double fraction) => new(QueryKind.TimeToFraction, variable) { Fraction = fraction };

    public static SolveQuery TimeToFractionOfChange(string variable, double fraction) => new(QueryKind.TimeToFractionOfChange, variable) { Fraction = fraction };

    public static SolveQuery DepthWhere(string field, double fraction, bool ofChange = false) => new(QueryKind.DepthWhere, field) { Fraction = fraction, OfChange = ofChange };

    /// <summary>The snake_case name of a kind, as the JSON contracts spell it (<c>time_when</c>).</summary>
    public static string KindName(QueryKind kind) => kind switch
    {
        QueryKind.ValueAt => "value_at",
        QueryKind.TimeWhen => "time_when",
        QueryKind.HalfLife => "half_life",
        QueryKind.TimeToFraction => "time_to_fraction",
        QueryKind.TimeToFractionOfChange => "time_to_fraction_of_change",
        _ => "depth_where",
    };

    /// <summary>Reads a kind by its snake_case name (case-insensitive).</summary>
    public static bool TryParseKind(string? name, out QueryKind kind)
    {
        foreach (var candidate in Enum.GetValues<QueryKind>())
        {
            if (string.Equals(KindName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The one-line reason the query cannot be asked, or null.</summary>
    public string? Validate()
    {
        var name = KindName(Kind);
        if (string.IsNullOrWhiteSpace(Variable))
        {
            return $"{name}: name the variable";
        }

        if (Tolerance is { } tolerance && !(tolerance > 0 && double.IsFinite(tolerance)))
        {
            return $"{name}: the tolerance must be a positive number";
        }

        return Kind switch
        {
            QueryKind.ValueAt when Time is not { } t || !double.IsFinite(t) => $"value_at {Variable}: give the time",
            QueryKind.TimeWhen when Value is not { } v || !double.IsFinite(v) => $"time_when {Variable}: give the value to reach",
            QueryKind.TimeToFraction or QueryKind.TimeToFractionOfChange or QueryKind.DepthWhere when Fraction is not { } f || !double.IsFinite(f) => $"{name} {Variable}: give the fraction",
            QueryKind.DepthWhere when Time is { } t && !double.IsFinite(t) => $"depth_where {Variable}: the time must be a finite number",
            _ => null,
        };
    }
}

/// <summary>
/// The answer to a <see cref="SolveQuery"/>: the value (a time, a depth or a variable's value) with its unit, or null
/// with a <see cref="Note"/> saying why (not reached within the span, undefined) — never a silent null.
/// </summary>
public sealed record QueryAnswer(SolveQuery Query, double? Value, string? Unit, string? Note)
{
    /// <summary>The value searched for (time_when and the fraction queries: the level; depth_where: the concentration), or null.</summary>
    public double? Target { get; init; }
}

/// <summary>
/// Answers queries on the solver's dense output: crossings are bracketed on each accepted step (sampled at 4 points
/// inside it, so a value passed and left within one step is not missed) and located by Brent's method (Math.NET) to
/// the query's tolerance. Bad queries throw <see cref="ArgumentException"/> with a one-line message.
/// </summary>
public static class SolveQueries
{
    private const int SamplesPerStep = 4;

    /// <summary>Answers each query; the solution must have been solved with <see cref="OdeOptions.DenseOutput"/>.</summary>
    public static IReadOnlyList<QueryAnswer> Answer(OdeSolution solution, IEnumerable<SolveQuery> queries, IReadOnlyDictionary<string, string>? units = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return [.. queries.Select(q => Answer(solution, q, units))];
    }

    /// <summary>Answers one query on an ODE solution.</summary>
    public static QueryAnswer Answer(OdeSolution solution, SolveQuery query, IReadOnlyDictionary<string, string>? units = null)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(query);
        units ??= new Dictionary<string, string>();
        if (query.Validate() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var index = IndexOf(solution.Variables, query.Variable, query.Kind);
        if (query.Kind == QueryKind.DepthWhere)
        {
            throw new ArgumentException("depth_where asks about a diffusion profile; this is an ODE solution");
        }

        var dense = solution.Dense ?? throw new ArgumentException($"{SolveQuery.KindName(query.Kind)} needs the solver's dense output: solve with DenseOutput = true{(solution.DenseNote is { } why ? $" ({why})" : "")}");
        var timeUnit = units.GetValueOrDefault("t");
        var y0 = dense.Initial[index];
        var y1 = solution.Final[query.Variable];
        switch (query.Kind)
        {
            case QueryKind.ValueAt:
                var time = query.Time!.Value;
                return time < dense.T0 || time > dense.T1
                    ? new QueryAnswer(query, null, units.GetValueOrDefault(query.Variable), $"t = {Format(time)} is outside the solved span [{Format(dense.T0)}, {Format(dense.T1)}]")
                    : new QueryAnswer(query, dense.Value(time, index), units.GetValueOrDefault(query.Variable), null);
            case QueryKind.TimeWhen:
                return Crossing(query, solution, dense, index, query.Value!.Value, query.Direction, timeUnit, "");
            case QueryKind.HalfLife:
                return y0 == 0
                    ? new QueryAnswer(query, null, timeUnit, $"the half-life of {query.Variable} is undefined: its initial value is 0")
                    : Crossing(query, solution, dense, index, y0 / 2, y0 > 0 ? CrossingDirection.Down : CrossingDirection.Up, timeUnit, " (half its initial value)");
            case QueryKind.TimeToFraction:
                var level = query.Fraction!.Value * y0;
                return level == y0
                    ? new QueryAnswer(query, dense.T0, timeUnit, $"{query.Variable} starts at that value") { Target = level }
                    : Crossing(query, solution, dense, index, level, level < y0 ? CrossingDirection.Down : CrossingDirection.Up, timeUnit, $" ({Format(query.Fraction!.Value)} × its initial value)");
            default:
                var change = y1 - y0;
                if (change == 0)
                {
                    return new QueryAnswer(query, null, timeUnit, $"{query.Variable} does not change between t = {Format(dense.T0)} and {Format(dense.T1)}");
                }

                var target = y0 + (query.Fraction!.Value * change);
                return Crossing(query, solution, dense, index, target, change < 0 ? CrossingDirection.Down : CrossingDirection.Up, timeUnit, $" ({Format(query.Fraction!.Value)} of its change up to t1)");
        }
    }

    /// <summary>Answers a query on a diffusion solution: <see cref="QueryKind.DepthWhere"/>, or <see cref="QueryKind.ValueAt"/> needs no x and is refused.</summary>
    public static QueryAnswer Answer(DiffusionSolution solution, SolveQuery query, IReadOnlyDictionary<string, string>? units = null)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(query);
        units ??= new Dictionary<string, string>();
        if (query.Validate() is { } problem)
        {
            throw new ArgumentException(problem);
        }

        if (query.Kind != QueryKind.DepthWhere)
        {
            throw new ArgumentException($"{SolveQuery.KindName(query.Kind)} is not available for a diffusion profile; ask depth_where");
        }

        if (query.Variable != solution.Field)
        {
            throw new ArgumentException($"depth_where: the field is {solution.Field}, not {query.Variable}");
        }

        var time = query.Time ?? solution.Times[^1];
        var unit = units.GetValueOrDefault("x");
        var profile = solution.ProfileAt(time);
        if (profile is null)
        {
            return new QueryAnswer(query, null, unit, $"no profile at t = {Format(time)}: ask for an output time ({string.Join(", ", solution.Times.Select(Format))}) or solve with DenseOutput = true");
        }

        var surface = query.Surface ?? profile[0];
        var background = query.Background ?? solution.Profiles[0][^1];
        var fraction = query.Fraction!.Value;
        var target = query.OfChange ? background + (fraction * (surface - background)) : fraction * surface;
        var what = query.OfChange ? $"({solution.Field} − c0)/(cs − c0) = {Format(fraction)}" : $"{solution.Field}/cs = {Format(fraction)}";
        var x = solution.X;
        for (var i = 0; i + 1 < x.Count; i++)
        {
            var g0 = profile[i] - target;
            var g1 = profile[i + 1] - target;
            if (g0 == 0)
            {
                return new QueryAnswer(query, x[i], unit, null) { Target = target };
            }

            if (Math.Sign(g0) == Math.Sign(g1) && g1 != 0)
            {
                continue;
            }

            // A monotone cubic through the nodes (no overshoot between them), then Brent inside the bracket.
            var spline = CubicSpline.InterpolatePchipSorted([.. x], profile);
            var tolerance = query.Tolerance ?? (1e-10 * (x[^1] - x[0]));
            var depth = g1 == 0 ? x[i + 1] : FindRoot(s => spline.Interpolate(s) - target, x[i], x[i + 1], tolerance, profile.Max(Math.Abs));
            return double.IsNaN(depth)
                ? new QueryAnswer(query, null, unit, $"{what} could not be located between x = {Format(x[i])} and {Format(x[i + 1])}") { Target = target }
                : new QueryAnswer(query, depth, unit, null) { Target = target };
        }

        return new QueryAnswer(query, null, unit, $"{what} is not reached on [0, {Format(x[^1])}] at t = {Format(time)}: the profile ranges over [{Format(profile.Min())}, {Format(profile.Max())}]; lengthen the domain or the time") { Target = target };
    }

    private static int IndexOf(IReadOnlyList<string> variables, string name, QueryKind kind)
    {
        for (var i = 0; i < variables.Count; i++)
        {
            if (variables[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"{SolveQuery.KindName(kind)}: there is no variable '{name}'; variables: {string.Join(", ", variables)}");
    }

    /// <summary>
    /// The root of <paramref name="g"/> in [a, b] to <paramref name="tolerance"/> in its argument, NaN when Brent fails.
    /// Math.NET's Brent also stops once |g| ≤ its accuracy, so g is divided by <paramref name="scale"/>, the size of the
    /// values compared, and that accuracy kept tiny: regression, a layer thickness of 5e-7 m was "found" at its first
    /// guess, 1.3 % late (9,016 s for the 8,903 s of the closed form), because every |g| was below the time tolerance.
    /// </summary>
    internal static double FindRoot(Func<double, double> g, double a, double b, double tolerance, double scale)
    {
        var size = scale > 0 && double.IsFinite(scale) ? scale : 1;
        return Brent.TryFindRoot(s => g(s) / size, a, b, Math.Min(tolerance, 1e-13), 200, out var root) ? root : double.NaN;
    }

    /// <summary>The first time y_index reaches <paramref name="target"/> in <paramref name="direction"/>, located on the dense output.</summary>
    private static QueryAnswer Crossing(SolveQuery query, OdeSolution solution, DenseOutput dense, int index, double target, CrossingDirection direction, string? unit, string described)
    {
        var tolerance = query.Tolerance ?? (1e-10 * (dense.T1 - dense.T0));
        var state = new double[dense.Dimension];
        double G(double s)
        {
            dense.Evaluate(s, state);
            return state[index] - target;
        }

        var previousTime = dense.T0;
        var previous = dense.Initial[index] - target;
        if (previous == 0 && direction == CrossingDirection.Either)
        {
            return new QueryAnswer(query, dense.T0, unit, $"{query.Variable} starts at {Format(target)}") { Target = target };
        }

        for (var step = 0; step < dense.Steps; step++)
        {
            var (start, end) = dense.Step(step);
            for (var k = 1; k <= SamplesPerStep; k++)
            {
                var s = k == SamplesPerStep ? end : start + ((end - start) * k / SamplesPerStep);
                var g = G(s);
                var crosses = direction switch
                {
                    CrossingDirection.Up => previous < 0 && g >= 0,
                    CrossingDirection.Down => previous > 0 && g <= 0,
                    _ => (previous < 0 && g >= 0) || (previous > 0 && g <= 0),
                };
                if (crosses)
                {
                    var root = g == 0 ? s : FindRoot(G, previousTime, s, tolerance, Math.Max(Math.Abs(target), solution.Values[query.Variable].Max(Math.Abs)));
                    return double.IsNaN(root)
                        ? new QueryAnswer(query, null, unit, $"{query.Variable} crosses {Format(target)} between t = {Format(previousTime)} and {Format(s)} but the crossing could not be located") { Target = target }
                        : new QueryAnswer(query, root, unit, null) { Target = target };
                }

                previous = g;
                previousTime = s;
            }
        }

        var values = solution.Values[query.Variable];
        var way = direction switch { CrossingDirection.Up => " from below", CrossingDirection.Down => " from above", _ => "" };
        return new QueryAnswer(
            query,
            null,
            unit,
            $"{query.Variable} does not reach {Format(target)}{described}{way} between t = {Format(dense.T0)} and {Format(dense.T1)}: it goes from {Format(dense.Initial[index])} to {Format(solution.Final[query.Variable])} (output range [{Format(values.Min())}, {Format(values.Max())}]); solve to a later t1")
        {
            Target = target,
        };
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
