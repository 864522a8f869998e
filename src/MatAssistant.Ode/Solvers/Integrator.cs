using System.Diagnostics;
using System.Globalization;

namespace MatAssistant.Ode.Solvers;

/// <summary>The raw result of an integration: states at the output times and statistics.</summary>
public sealed record IntegrationResult(
    double[] Times,
    double[][] States,
    double[] Final,
    string Method,
    bool Stiff,
    double? SwitchTime,
    long Steps,
    long RejectedSteps,
    long FunctionEvaluations,
    long JacobianEvaluations,
    long Factorizations,
    string? JacobianKind,
    double Seconds)
{
    /// <summary>The interpolant over [t0, t1] when <see cref="OdeOptions.DenseOutput"/> was set and it fitted in memory.</summary>
    public DenseOutput? Dense { get; init; }

    /// <summary>Why <see cref="Dense"/> is null although it was asked for, or null.</summary>
    public string? DenseNote { get; init; }
}

/// <summary>Drives a stepper from t0 to t1: step-size control, failures, dense output at the requested times, auto switching.</summary>
public static class Integrator
{
    private const double Unit = 2.220446049250313e-16;

    /// <summary>
    /// Below this rtol auto uses its higher-order methods: DOP853 rather than Dormand–Prince, Radau IIA rather than
    /// Rodas4. On the Test Set (docs/solve.md) both were at or below 1.0–1.16× SciPy's best at equal digits from rtol 1e-5
    /// down, where the order-4/5 pairs cost 1.2–2.7×; at 1e-4 the lower orders are cheaper.
    /// </summary>
    internal const double TightTolerance = 3e-5;

    /// <summary>
    /// Integrates <paramref name="system"/>; returns false with a failure instead of throwing. Cancellation (checked every
    /// 64 attempted steps) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static bool TryIntegrate(IOdeSystem system, double t0, double[] initial, double t1, OdeOptions options, out IntegrationResult? result, out OdeFailure? failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(options);
        var firstRun = new Counters();
        if (TryIntegrate(system, t0, initial, t1, options, radau: true, firstRun, out result, out failure, out var failedIn, cancellationToken)
            || options.Method != OdeMethod.Auto || failedIn != "radau" || failure!.Kind is not (OdeFailureKind.StepSizeUnderflow or OdeFailureKind.NonFinite))
        {
            return result is not null;
        }

        // Radau IIA's collocation can drive concentrations below zero far under atol and blow up where Rodas4 does not
        // (E5 at atol 1e-12: SciPy's Radau stops there too). Auto then solves again with Rodas4 and counts both runs.
        var first = failure;
        if (!TryIntegrate(system, t0, initial, t1, options, radau: false, new Counters(), out result, out failure, out _, cancellationToken))
        {
            return false;
        }

        result = result! with
        {
            Method = $"{result.Method} (after radau: {first.Message})",
            FunctionEvaluations = result.FunctionEvaluations + firstRun.FunctionEvaluations,
            JacobianEvaluations = result.JacobianEvaluations + firstRun.JacobianEvaluations,
            Factorizations = result.Factorizations + firstRun.Factorizations,
        };
        return true;
    }

    // radau: whether auto may use Radau IIA (false on its retry); counters fill as the run goes, so a failed run's cost is
    // known; stepperName: the stepper running when the integration ended.
    private static bool TryIntegrate(IOdeSystem system, double t0, double[] initial, double t1, OdeOptions options, bool radau, Counters counters, out IntegrationResult? result, out OdeFailure? failure, out string? stepperName, CancellationToken cancellationToken)
    {
        result = null;
        stepperName = null;
        failure = Check(system, t0, initial, t1, options);
        if (failure is not null)
        {
            return false;
        }

        var clock = Stopwatch.StartNew();
        var n = system.Dimension;
        var y = (double[])initial.Clone();
        var f = new double[n];
        system.Evaluate(t0, y, f);
        counters.FunctionEvaluations++;
        var bad = Array.FindIndex(f, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            failure = new OdeFailure(OdeFailureKind.NonFinite, $"d{system.Names[bad]}/dt is {Format(f[bad])} at t = {Format(t0)} with the initial values; check the equation and the initial values", t0, system.Names[bad]);
            return false;
        }

        var rtol = options.RelativeTolerance;
        var atol = options.AbsoluteTolerance;
        IJacobian? jacobian = null;
        var stiffAtStart = options.Method == OdeMethod.Auto && StiffAtStart(system, counters, t0, y, f, t1, options, out jacobian);
        Stepper stepper = options.Method switch
        {
            OdeMethod.Auto when stiffAtStart => StiffStepper(system, counters, rtol, atol, y, f, jacobian!, radau),
            OdeMethod.Stiff => new Rodas4(system, counters, rtol, atol, y, f, jacobian = system.CreateJacobian(options.Jacobian == JacobianSource.Symbolic)),
            OdeMethod.Bdf => new Bdf(system, counters, rtol, atol, y, f, jacobian = system.CreateJacobian(options.Jacobian == JacobianSource.Symbolic)),
            OdeMethod.Dop853 => new Dop853(system, counters, rtol, atol, y, f),
            OdeMethod.Radau => new Radau5(system, counters, rtol, atol, y, f, jacobian = system.CreateJacobian(options.Jacobian == JacobianSource.Symbolic)),
            // Auto's explicit phase: DOP853 at tight tolerances, where its order 8 needs far fewer evaluations.
            OdeMethod.Auto when rtol < TightTolerance => new Dop853(system, counters, rtol, atol, y, f),
            _ => new DormandPrince(system, counters, rtol, atol, y, f),
        };
        double? switchTime = null;
        var hMax = Math.Min(options.MaxStep ?? (t1 - t0), t1 - t0);
        var h = options.InitialStep ?? InitialStep(system, counters, t0, y, f, t1, hMax, stepper.Order, rtol, atol);
        h = Math.Min(h, hMax);
        var outputTimes = OutputTimes(t0, t1, options, h);
        var states = new double[outputTimes.Length][];

        var next = 0;
        while (next < outputTimes.Length && outputTimes[next] <= t0)
        {
            states[next++] = (double[])y.Clone();
        }

        var segments = options.DenseOutput ? new List<DenseSegment>() : null;
        long denseSize = 0;
        string? denseNote = null;
        var t = t0;
        long steps = 0, rejected = 0, attempts = 0;
        var lastRejected = false;
        var singularInARow = 0;
        var nonFiniteVariable = -1;
        var nonFiniteTime = double.NaN;
        while (t < t1)
        {
            stepperName = stepper.Name;
            if ((attempts & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (++attempts > options.MaxSteps)
            {
                failure = new OdeFailure(OdeFailureKind.MaxSteps, $"gave up after {options.MaxSteps} steps at t = {Format(t)} (of {Format(t1)}); the problem may be stiff (use --method stiff), or raise the step limit or loosen rtol/atol", t, null);
                return false;
            }

            if (h <= Math.Abs(t) * Unit * 10 || h < 1e-300)
            {
                failure = nonFiniteVariable >= 0
                    ? new OdeFailure(OdeFailureKind.NonFinite, $"{system.Names[nonFiniteVariable]} became infinite or NaN near t = {Format(nonFiniteTime)}; the solution probably blows up there (check signs and parameters)", nonFiniteTime, system.Names[nonFiniteVariable])
                    : new OdeFailure(OdeFailureKind.StepSizeUnderflow, $"step size underflow at t = {Format(t)}: the solution is probably singular there (it blows up or jumps); check the equation and its parameters, or stop before that time", t, null);
                return false;
            }

            var last = t + (1.01 * h) >= t1;
            if (last)
            {
                h = t1 - t;
            }

            var status = stepper.Attempt(t, h, out var error);
            if (status == StepStatus.SingularMatrix)
            {
                rejected++;
                if (++singularInARow > 5)
                {
                    failure = new OdeFailure(OdeFailureKind.SingularJacobian, $"the matrix I/(h·γ) − J is singular at t = {Format(t)} even after halving the step 5 times; check the equations for a degenerate Jacobian", t, null);
                    return false;
                }

                h *= 0.5;
                lastRejected = true;
                continue;
            }

            singularInARow = 0;
            if (double.IsNaN(error))
            {
                nonFiniteVariable = Math.Max(stepper.FirstNonFinite(), 0);
                nonFiniteTime = t;
                rejected++;
                h = stepper.NextStep(h, error, accepted: false, lastRejected);
                lastRejected = true;
                continue;
            }

            if (error > 1)
            {
                rejected++;
                h = Math.Min(stepper.NextStep(h, error, accepted: false, lastRejected), hMax);
                lastRejected = true;
                continue;
            }

            var tNew = last ? t1 : t + h;
            stepper.Accept(t, h);
            steps++;
            if (segments is not null)
            {
                var segment = stepper.CaptureDense();
                denseSize += segment.Size;
                if (denseSize > OdeLimits.MaxStoredValues)
                {
                    segments = null;
                    denseNote = $"the dense output was dropped after {steps} steps: it would hold more than {OdeLimits.MaxStoredValues} values";
                }
                else
                {
                    segments.Add(segment);
                }
            }

            nonFiniteVariable = -1;
            while (next < outputTimes.Length && outputTimes[next] <= tNew)
            {
                var state = new double[n];
                if (outputTimes[next] == tNew)
                {
                    Array.Copy(stepper.Y, state, n);
                }
                else
                {
                    stepper.Interpolate(outputTimes[next], state);
                }

                states[next++] = state;
            }

            var hNext = Math.Min(stepper.NextStep(h, error, accepted: true, lastRejected), hMax);
            lastRejected = false;
            t = tNew;
            if (options.Method == OdeMethod.Auto && stepper is DormandPrince { StiffnessDetected: true } or Dop853 { StiffnessDetected: true } && t < t1)
            {
                jacobian = system.CreateJacobian(options.Jacobian == JacobianSource.Symbolic);
                stepper = StiffStepper(system, counters, rtol, atol, stepper.Y, stepper.F, jacobian, radau);
                switchTime = t;
            }

            h = hNext;
        }

        // Rounding can leave an output time a hair beyond the last step's end; it gets the final state.
        while (next < outputTimes.Length)
        {
            states[next++] = (double[])stepper.Y.Clone();
        }

        var method = switchTime is null ? stepper.Name : $"{(rtol < TightTolerance ? "dop853" : "dopri5")}+{stepper.Name}";
        result = new IntegrationResult(
            outputTimes, states, (double[])stepper.Y.Clone(), method, stepper is Rodas4 or Bdf or Radau5, switchTime,
            steps, rejected, counters.FunctionEvaluations, counters.JacobianEvaluations, counters.Factorizations,
            jacobian?.Kind, clock.Elapsed.TotalSeconds)
        {
            Dense = segments is null ? null : new DenseOutput(n, t0, (double[])initial.Clone(), segments),
            DenseNote = denseNote,
        };
        return true;
    }

    /// <summary>
    /// Auto's stiff method: Rodas4 (order 4, six evaluations a step) down to rtol <see cref="TightTolerance"/>, Radau IIA
    /// below, where its order 5 and stiff accuracy need the fewest evaluations for the digits asked (docs/solve.md).
    /// </summary>
    private static Stepper StiffStepper(IOdeSystem system, Counters counters, double rtol, double atol, double[] y, double[] f, IJacobian jacobian, bool radau) =>
        radau && rtol < TightTolerance
            ? new Radau5(system, counters, rtol, atol, y, f, jacobian)
            : new Rodas4(system, counters, rtol, atol, y, f, jacobian);

    /// <summary>
    /// Whether auto should start stiff: a component whose own decay rate −∂f_i/∂y_i at t0 makes it relax over more than
    /// <see cref="StiffStartRatio"/> e-folds within [t0, t1] bounds any explicit method's step by stability from the first
    /// step (POLLU spent 240 evaluations before the stiffness test could fire on 15 steps). Only with a compiled
    /// symbolic Jacobian, where the check costs one Jacobian evaluation and no function evaluations; the stiffness
    /// test still catches problems that become stiff later (ROBER, whose fast species start at zero).
    /// </summary>
    private static bool StiffAtStart(IOdeSystem system, Counters counters, double t0, double[] y, double[] f, double t1, OdeOptions options, out IJacobian? jacobian)
    {
        jacobian = null;
        if (options.Jacobian != JacobianSource.Symbolic)
        {
            return false;
        }

        var candidate = system.CreateJacobian(useAnalytic: true);
        if (candidate is not JacobianBase matrix || candidate.Kind.StartsWith("finite", StringComparison.Ordinal))
        {
            return false;
        }

        candidate.Update(t0, y, f);
        counters.JacobianEvaluations++;
        var span = t1 - t0;
        for (var i = 0; i < system.Dimension; i++)
        {
            if (-matrix.Diagonal(i) * span > StiffStartRatio)
            {
                jacobian = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>e-folds of the fastest decaying component over the span above which auto starts with the stiff method.</summary>
    internal const double StiffStartRatio = 1e4;

    /// <summary>Integrates or throws <see cref="OdeSolverException"/>.</summary>
    public static IntegrationResult Integrate(IOdeSystem system, double t0, double[] initial, double t1, OdeOptions options, CancellationToken cancellationToken = default) =>
        TryIntegrate(system, t0, initial, t1, options, out var result, out var failure, cancellationToken) ? result! : throw new OdeSolverException(failure!);

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static OdeFailure? Check(IOdeSystem system, double t0, double[] initial, double t1, OdeOptions options)
    {
        string? problem = options.Validate() ?? OdeLimits.ValidateTimeSpan(t0, t1);
        if (problem is null && initial.Length != system.Dimension)
        {
            problem = $"{initial.Length} initial values for {system.Dimension} unknowns";
        }

        var points = options.OutputTimes?.Count ?? options.Points;
        if (problem is null && (long)points * Math.Max(system.Dimension, 1) > OdeLimits.MaxStoredValues)
        {
            problem = $"{points} output times × {system.Dimension} unknowns is more than the {OdeLimits.MaxStoredValues} values a solution may hold; ask for fewer points";
        }

        if (problem is null)
        {
            var bad = Array.FindIndex(initial, v => !double.IsFinite(v));
            if (bad >= 0)
            {
                problem = $"the initial value of {system.Names[bad]} is not a finite number";
            }
        }

        if (problem is null && options.OutputTimes is { } times)
        {
            for (var i = 0; i < times.Count; i++)
            {
                if (times[i] < t0 || times[i] > t1 || (i > 0 && times[i] <= times[i - 1]))
                {
                    problem = "output times must increase and lie within [t0, t1]";
                    break;
                }
            }
        }

        return problem is null ? null : new OdeFailure(OdeFailureKind.InvalidInput, problem, t0, null);
    }

    // firstStep: with log spacing from t0 = 0, the first output time is the initial step (the problem's own fastest scale).
    private static double[] OutputTimes(double t0, double t1, OdeOptions options, double firstStep)
    {
        if (options.OutputTimes is { } given)
        {
            return [.. given];
        }

        var p = options.Points;
        var times = new double[p];
        if (options.Spacing == OutputSpacing.Logarithmic)
        {
            var first = t0 > 0 ? t0 : Math.Min(Math.Max(firstStep, t1 * 1e-15), t1 * 1e-3);
            times[0] = t0;
            var m = t0 > 0 ? p : p - 1;
            var offset = p - m;
            for (var i = 0; i < m; i++)
            {
                times[offset + i] = first * Math.Pow(t1 / first, m == 1 ? 1 : (double)i / (m - 1));
            }
        }
        else
        {
            for (var i = 0; i < p; i++)
            {
                // The fraction first: (t1 − t0)·i overflows for spans near the largest double.
                times[i] = t0 + ((t1 - t0) * ((double)i / (p - 1)));
            }
        }

        times[^1] = t1;
        return times;
    }

    /// <summary>Hairer's initial step rule (Solving ODEs I, §II.4): one extra function evaluation.</summary>
    private static double InitialStep(IOdeSystem system, Counters counters, double t0, double[] y, double[] f, double t1, double hMax, int order, double rtol, double atol)
    {
        var n = system.Dimension;
        double dnf = 0, dny = 0;
        for (var i = 0; i < n; i++)
        {
            var scale = atol + (rtol * Math.Abs(y[i]));
            dnf += f[i] / scale * (f[i] / scale);
            dny += y[i] / scale * (y[i] / scale);
        }

        dnf /= n;
        dny /= n;
        var h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.Sqrt(dny / dnf) * 0.01;
        h = Math.Min(h, hMax);
        var y1 = new double[n];
        var f1 = new double[n];
        for (var i = 0; i < n; i++)
        {
            y1[i] = y[i] + (h * f[i]);
        }

        system.Evaluate(t0 + h, y1, f1);
        counters.FunctionEvaluations++;
        double der2 = 0;
        for (var i = 0; i < n; i++)
        {
            var scale = atol + (rtol * Math.Abs(y[i]));
            var d = (f1[i] - f[i]) / scale;
            der2 += d * d;
        }

        der2 = Math.Sqrt(der2 / n) / h;
        var der12 = Math.Max(Math.Abs(der2), Math.Sqrt(dnf));
        var h1 = !double.IsFinite(der12) ? h * 1e-3 : der12 <= 1e-15 ? Math.Max(1e-6, h * 1e-3) : Math.Pow(0.01 / der12, 1.0 / order);
        var result = Math.Min(Math.Min(100 * h, h1), hMax);
        return result > 0 && double.IsFinite(result) ? result : Math.Max((t1 - t0) * 1e-9, 1e-12);
    }
}
