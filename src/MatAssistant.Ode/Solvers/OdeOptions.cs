namespace MatAssistant.Ode.Solvers;

/// <summary>Which integrator to use.</summary>
public enum OdeMethod
{
    /// <summary>
    /// Start explicit — Dormand–Prince 5(4), or DOP853 below rtol 3e-5 — and switch when Hairer's stiffness test fires, to
    /// Rodas4 (rtol ≥ 3e-5) or Radau IIA (tighter); start stiff at once when a component's decay rate at t0 would bound
    /// an explicit step by stability over the whole span (symbolic Jacobian only).
    /// </summary>
    Auto,

    /// <summary>Explicit Dormand–Prince 5(4) with PI step control and 4th-order dense output.</summary>
    Nonstiff,

    /// <summary>Rodas4: L-stable, stiffly accurate Rosenbrock method of order 4(3) using the Jacobian.</summary>
    Stiff,

    /// <summary>Variable-order (1–5) BDF/NDF with a simplified Newton iteration: fewer function evaluations on large smooth stiff systems.</summary>
    Bdf,

    /// <summary>DOP853: explicit Runge–Kutta of order 8 with 7th-order dense output, for smooth non-stiff problems at tight tolerances.</summary>
    Dop853,

    /// <summary>
    /// Radau IIA of order 5 (Hairer &amp; Wanner's RADAU5): implicit, L-stable, with a real and a complex LU per step-size
    /// change; the most accurate per evaluation on stiff problems at tight tolerances.
    /// </summary>
    Radau,
}

/// <summary>Where the stiff solver's Jacobian comes from.</summary>
public enum JacobianSource
{
    /// <summary>Symbolic differentiation of the equations, compiled (finite differences when not available).</summary>
    Symbolic,

    /// <summary>Forward differences (one function evaluation per unknown, counted in the statistics).</summary>
    FiniteDifference,
}

/// <summary>How output times are spread between t0 and t1 when <see cref="OdeOptions.OutputTimes"/> is not given.</summary>
public enum OutputSpacing
{
    /// <summary>Equally spaced.</summary>
    Linear,

    /// <summary>
    /// Equally spaced in log t, for kinetics over decades: from t0 when t0 &gt; 0; from t0 = 0, t0 itself and then from the
    /// initial step size (the problem's fastest time scale, kept within [1e-15, 1e-3]·t1) to t1.
    /// </summary>
    Logarithmic,
}

/// <summary>
/// Options of <see cref="OdeSolver"/>. The error control is per component: the local error estimate e_i must satisfy
/// RMS(e_i / (atol + rtol·|y_i|)) ≤ 1, as in Hairer's codes and SciPy's <c>solve_ivp</c>.
/// </summary>
public sealed record OdeOptions
{
    /// <summary>Integrator (default auto).</summary>
    public OdeMethod Method { get; init; } = OdeMethod.Auto;

    /// <summary>Relative tolerance rtol (default 1e-8: answers are numbers people quote).</summary>
    public double RelativeTolerance { get; init; } = 1e-8;

    /// <summary>Absolute tolerance atol (default 1e-12); set it below the smallest magnitude you care about.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-12;

    /// <summary>Number of output times including t0 and t1 (default 101, at most <see cref="OdeLimits.MaxPoints"/>), ignored when <see cref="OutputTimes"/> is set.</summary>
    public int Points { get; init; } = 101;

    /// <summary>Spacing of the output times (default linear).</summary>
    public OutputSpacing Spacing { get; init; } = OutputSpacing.Linear;

    /// <summary>Explicit output times within [t0, t1], increasing; null for <see cref="Points"/> evenly spread.</summary>
    public IReadOnlyList<double>? OutputTimes { get; init; }

    /// <summary>First step size; null chooses it from the equations (Hairer's rule).</summary>
    public double? InitialStep { get; init; }

    /// <summary>Largest step size; null means t1 − t0.</summary>
    public double? MaxStep { get; init; }

    /// <summary>Maximum number of attempted steps before giving up (default 500,000, at most <see cref="OdeLimits.MaxSteps"/>).</summary>
    public int MaxSteps { get; init; } = 500_000;

    /// <summary>Jacobian for the stiff solver (default symbolic).</summary>
    public JacobianSource Jacobian { get; init; } = JacobianSource.Symbolic;

    /// <summary>
    /// Keep the solver's interpolant of every accepted step as <c>Dense</c> on the result (default false): queries
    /// (the time a value is reached, a value between output times) are answered on it. Costs about 5 doubles per
    /// unknown per step; beyond <see cref="OdeLimits.MaxStoredValues"/> it is dropped and the result says so.
    /// </summary>
    public bool DenseOutput { get; init; }

    /// <summary>Checks the options; returns an error sentence or null.</summary>
    public string? Validate()
    {
        if (!(RelativeTolerance > 0) || RelativeTolerance >= 1)
        {
            return $"rtol must be in (0, 1), got {RelativeTolerance}";
        }

        if (RelativeTolerance < 1e-14)
        {
            return $"rtol {RelativeTolerance} is below what double precision can deliver; use at least 1e-14";
        }

        if (!(AbsoluteTolerance > 0) || !double.IsFinite(AbsoluteTolerance) || AbsoluteTolerance > 1e100)
        {
            return $"atol must be positive and at most 1e100, got {AbsoluteTolerance}";
        }

        if (OutputTimes is null && (Points < 2 || Points > OdeLimits.MaxPoints))
        {
            return $"points must be between 2 and {OdeLimits.MaxPoints}, got {Points}";
        }

        if (OutputTimes is { } times && (times.Count == 0 || times.Count > OdeLimits.MaxPoints))
        {
            return $"give between 1 and {OdeLimits.MaxPoints} output times, got {times.Count}";
        }

        if (OutputTimes is { } given && given.Any(t => !double.IsFinite(t)))
        {
            return "output times must be finite numbers";
        }

        if (MaxSteps < 1 || MaxSteps > OdeLimits.MaxSteps)
        {
            return $"max steps must be between 1 and {OdeLimits.MaxSteps}, got {MaxSteps}";
        }

        return InitialStep is { } h0 && !(h0 > 0 && double.IsFinite(h0)) ? "the initial step must be a positive finite number"
            : MaxStep is { } hMax && !(hMax > 0) ? "the maximum step must be positive"
            : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Validate"/>'s sentence when the options are not usable.</summary>
    public void EnsureValid()
    {
        if (Validate() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }
}

/// <summary>The names of <see cref="OdeMethod"/> that requests and the command line accept.</summary>
public static class OdeMethodNames
{
    /// <summary>The canonical names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> All { get; } = ["auto", "nonstiff", "stiff", "bdf", "dop853", "radau"];

    /// <summary>
    /// Reads a method name, case-insensitively: the canonical names and the methods' own (dopri5/rk45, rodas4/rosenbrock,
    /// ndf, dop853, radau/radau5/radau-iia). False for anything else.
    /// </summary>
    public static bool TryParse(string? text, out OdeMethod method)
    {
        (var known, method) = text?.Trim().ToUpperInvariant() switch
        {
            "AUTO" => (true, OdeMethod.Auto),
            "NONSTIFF" or "DOPRI5" or "RK45" => (true, OdeMethod.Nonstiff),
            "STIFF" or "RODAS4" or "ROSENBROCK" => (true, OdeMethod.Stiff),
            "BDF" or "NDF" => (true, OdeMethod.Bdf),
            "DOP853" => (true, OdeMethod.Dop853),
            "RADAU" or "RADAU5" or "RADAU-IIA" or "RADAUIIA" => (true, OdeMethod.Radau),
            _ => (false, OdeMethod.Auto),
        };
        return known;
    }

    /// <summary>Reads a method name or throws <see cref="ArgumentException"/> naming the known ones.</summary>
    public static OdeMethod Parse(string? text) =>
        TryParse(text, out var method) ? method : throw new ArgumentException($"method '{text?.Trim().ToLowerInvariant()}' is not known: use {string.Join(", ", All.Take(All.Count - 1))} or {All[^1]}.");
}
