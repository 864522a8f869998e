using System.Globalization;

namespace MatAssistant.Ode;

/// <summary>
/// The bounds every input is checked against before any work is done, so that no input can run unbounded, exhaust
/// memory or overflow the stack. Each check fails with an <see cref="ArgumentException"/> (options, files) or an
/// <see cref="Expressions.ExpressionException"/> (equations) whose message is one line saying what to change.
/// </summary>
public static class OdeLimits
{
    /// <summary>Largest |t0| and |t1|: well inside double range, so t + h and the output grid cannot overflow.</summary>
    public const double MaxTime = 1e300;

    /// <summary>Most output times (<c>--points</c> or <c>--times</c>).</summary>
    public const int MaxPoints = 100_000;

    /// <summary>Most values held by a solution (output times × unknowns, or times × nodes): 80 MB of doubles.</summary>
    public const long MaxStoredValues = 10_000_000;

    /// <summary>Most attempted steps (<c>--max-steps</c>); at a microsecond a step this is about a minute for small systems.</summary>
    public const int MaxSteps = 10_000_000;

    /// <summary>Most unknowns of an equation system (the dense Jacobian holds their square).</summary>
    public const int MaxUnknowns = 2_000;

    /// <summary>Longest expression text: a flat sum of 100,000 terms fits.</summary>
    public const int MaxExpressionLength = 2_000_000;

    /// <summary>Most nodes of an equation's right side once auxiliary definitions are substituted.</summary>
    public const long MaxExpressionNodes = 5_000_000;

    /// <summary>The one-line reason a time span is not usable (not finite, beyond <see cref="MaxTime"/>, t1 ≤ t0), or null.</summary>
    public static string? ValidateTimeSpan(double t0, double t1) =>
        !double.IsFinite(t0) || !double.IsFinite(t1) || Math.Abs(t0) > MaxTime || Math.Abs(t1) > MaxTime
            ? $"t0 and t1 must be finite numbers of magnitude at most 1e300, got t0 = {Format(t0)}, t1 = {Format(t1)}"
            : !(t1 > t0) ? $"the time span must have t1 > t0, got t0 = {Format(t0)}, t1 = {Format(t1)}" : null;

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="ValidateTimeSpan"/>'s message.</summary>
    public static void CheckTimeSpan(double t0, double t1)
    {
        if (ValidateTimeSpan(t0, t1) is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
