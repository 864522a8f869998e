namespace MatAssistant.Ode.Solvers;

/// <summary>Outcome of one attempted step.</summary>
internal enum StepStatus
{
    Computed,
    SingularMatrix,
}

/// <summary>Counters shared by the steppers of one integration.</summary>
internal sealed class Counters
{
    public long FunctionEvaluations;
    public long JacobianEvaluations;
    public long Factorizations;
}

/// <summary>One-step method with error estimate and dense output. Holds the current point (t, y, f).</summary>
internal abstract class Stepper
{
    protected Stepper(IOdeSystem system, Counters counters, double rtol, double atol, double[] y, double[] f)
    {
        System = system;
        Counters = counters;
        N = system.Dimension;
        Rtol = rtol;
        Atol = atol;
        Y = y;
        F = f;
        YNew = new double[N];
        Error = new double[N];
    }

    protected IOdeSystem System { get; }

    protected Counters Counters { get; }

    protected int N { get; }

    protected double Rtol { get; }

    protected double Atol { get; }

    /// <summary>The current solution.</summary>
    public double[] Y { get; protected set; }

    /// <summary>f(t, Y).</summary>
    public double[] F { get; protected set; }

    /// <summary>Candidate solution of the last attempt.</summary>
    public double[] YNew { get; protected set; }

    /// <summary>Local error estimate of the last attempt.</summary>
    protected double[] Error { get; }

    /// <summary>Start and length of the last accepted step (for dense output).</summary>
    protected double StepStart { get; set; }

    protected double StepLength { get; set; }

    public abstract string Name { get; }

    /// <summary>Order of the error estimator + 1, for the initial step rule.</summary>
    public abstract int Order { get; }

    /// <summary>Attempts a step of size h from (t, Y); <paramref name="errorNorm"/> ≤ 1 means acceptable.</summary>
    public abstract StepStatus Attempt(double t, double h, out double errorNorm);

    /// <summary>Makes YNew current and prepares dense output over [t, t + h].</summary>
    public abstract void Accept(double t, double h);

    /// <summary>Next step size after an attempt with <paramref name="errorNorm"/>.</summary>
    public abstract double NextStep(double h, double errorNorm, bool accepted, bool lastRejected);

    /// <summary>Solution at time <paramref name="time"/> inside the last accepted step.</summary>
    public abstract void Interpolate(double time, double[] output);

    /// <summary>A copy of the last accepted step's interpolant, for <see cref="DenseOutput"/>.</summary>
    public abstract DenseSegment CaptureDense();

    /// <summary>Evaluates the Jacobian at (t, y, f), counting it and any function evaluations its differences spent.</summary>
    protected void EvaluateJacobian(IJacobian jacobian, double t, double[] y, double[] f)
    {
        var before = jacobian.FunctionEvaluations;
        jacobian.Update(t, y, f);
        Counters.FunctionEvaluations += jacobian.FunctionEvaluations - before;
        Counters.JacobianEvaluations++;
    }

    /// <summary>The RMS of Error scaled by atol + rtol·max(|y|, |ynew|); NaN when anything is not finite.</summary>
    protected double ErrorNorm()
    {
        var sum = 0.0;
        for (var i = 0; i < N; i++)
        {
            var scale = Atol + (Rtol * Math.Max(Math.Abs(Y[i]), Math.Abs(YNew[i])));
            var ratio = Error[i] / scale;
            sum += ratio * ratio;
        }

        var norm = Math.Sqrt(sum / N);
        return double.IsFinite(norm) && AllFinite(YNew) ? norm : double.NaN;
    }

    protected static bool AllFinite(double[] values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Index of the first non-finite component of the candidate, or -1.</summary>
    public int FirstNonFinite()
    {
        for (var i = 0; i < N; i++)
        {
            if (!double.IsFinite(YNew[i]) || !double.IsFinite(Error[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
