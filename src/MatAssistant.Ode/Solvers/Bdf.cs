namespace MatAssistant.Ode.Solvers;

/// <summary>
/// Variable-order (1–5) BDF in the quasi-constant step-size form of Shampine &amp; Reichelt (the NDF family of MATLAB's
/// ode15s, as also used by SciPy's BDF): backward differences of the solution, a simplified Newton iteration with the
/// Jacobian kept until the iteration fails to converge, and order and step selection from the error estimates of the
/// neighbouring orders. One or two function evaluations per step where Rodas4 needs six, so it wins on large, smooth
/// stiff systems (method-of-lines diffusion) and at tight tolerances.
/// </summary>
internal sealed class Bdf : Stepper
{
    private const int MaxOrder = 5;
    private const int NewtonMaxIterations = 4;
    private const double MinFactor = 0.2, MaxFactor = 10;

    // NDF coefficients (Shampine & Reichelt 1997): kappa per order, gamma_k = Σ 1/j, alpha = (1 − kappa)·gamma.
    private static readonly double[] Kappa = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0];
    private static readonly double[] Gamma = [0, 1, 1.5, 11.0 / 6, 25.0 / 12, 137.0 / 60];
    private static readonly double[] Alpha = [.. Kappa.Select((k, i) => (1 - k) * Gamma[i])];
    private static readonly double[] ErrorConstant = [.. Kappa.Select((k, i) => (k * Gamma[i]) + (1.0 / (i + 1))), 1.0 / (MaxOrder + 2)];

    private readonly IJacobian jacobian;
    private readonly double[][] differences;
    private readonly double[] predicted, psi, correction, f, dy, scale, rhs;
    private readonly double newtonTolerance;
    private readonly double[][] rescaled;
    private int order = 1;
    private double spacing;
    private int equalSteps;
    private bool jacobianCurrent;
    private bool jacobianEvaluated;
    private double? factoredShift;
    private double factorAfterReject = 0.5;
    private double safety = 0.9;
    private double lastErrorNorm;
    private double stepEnd;

    public Bdf(IOdeSystem system, Counters counters, double rtol, double atol, double[] y, double[] fStart, IJacobian jacobian)
        : base(system, counters, rtol, atol, y, fStart)
    {
        this.jacobian = jacobian;
        differences = [.. Enumerable.Range(0, MaxOrder + 3).Select(_ => new double[N])];
        predicted = new double[N];
        psi = new double[N];
        correction = new double[N];
        f = new double[N];
        dy = new double[N];
        scale = new double[N];
        rhs = new double[N];
        newtonTolerance = Math.Max(10 * 2.220446049250313e-16 / rtol, Math.Min(0.03, Math.Sqrt(rtol)));
        rescaled = [.. Enumerable.Range(0, MaxOrder + 1).Select(_ => new double[N])];
        Array.Copy(y, differences[0], N);
    }

    public override string Name => "bdf";

    // The initial step rule takes h ∝ (0.01/‖f′‖)^(1/Order): order 1 + 1, as SciPy's BDF starts. Order 1 gave
    // VDPOL (ε = 1e-6, ‖f‖ ~ 2e6) a first step of 2e-26, from which the start never recovered.
    public override int Order => 2;

    public override StepStatus Attempt(double t, double h, out double errorNorm)
    {
        if (spacing == 0)
        {
            // First step: the first difference is h·f(t0, y0).
            for (var i = 0; i < N; i++)
            {
                differences[1][i] = h * F[i];
            }

            spacing = h;
        }
        else if (h != spacing)
        {
            ChangeDifferences(h / spacing);
            spacing = h;
            equalSteps = 0;
        }

        if (!jacobianEvaluated)
        {
            UpdateJacobian(t, Y, F);
        }

        for (var i = 0; i < N; i++)
        {
            double sum = 0, p = 0;
            for (var k = 0; k <= order; k++)
            {
                sum += differences[k][i];
            }

            for (var k = 1; k <= order; k++)
            {
                p += differences[k][i] * Gamma[k];
            }

            predicted[i] = sum;
            psi[i] = p / Alpha[order];
            scale[i] = Atol + (Rtol * Math.Abs(sum));
        }

        var c = h / Alpha[order];
        int iterations;
        bool converged;
        while (true)
        {
            if (factoredShift != 1 / c)
            {
                Counters.Factorizations++;
                if (!jacobian.Factor(1 / c))
                {
                    factoredShift = null;
                    errorNorm = double.NaN;
                    return StepStatus.SingularMatrix;
                }

                factoredShift = 1 / c;
            }

            converged = Newton(t + h, c, out iterations);
            if (converged || jacobianCurrent)
            {
                break;
            }

            // The iteration failed with an old Jacobian: evaluate it at the prediction and try again.
            System.Evaluate(t + h, predicted, f);
            Counters.FunctionEvaluations++;
            UpdateJacobian(t + h, predicted, f);
        }

        if (!converged)
        {
            factorAfterReject = 0.5;
            errorNorm = AllFinite(YNew) ? 1e10 : double.NaN;
            return StepStatus.Computed;
        }

        safety = 0.9 * ((2 * NewtonMaxIterations) + 1) / ((2 * NewtonMaxIterations) + iterations);
        double sum2 = 0;
        for (var i = 0; i < N; i++)
        {
            scale[i] = Atol + (Rtol * Math.Abs(YNew[i]));
            Error[i] = ErrorConstant[order] * correction[i];
            var r = Error[i] / scale[i];
            sum2 += r * r;
        }

        errorNorm = Math.Sqrt(sum2 / N);
        if (!double.IsFinite(errorNorm))
        {
            errorNorm = double.NaN;
        }

        lastErrorNorm = errorNorm;
        factorAfterReject = errorNorm > 1 ? Math.Max(MinFactor, safety * Math.Pow(errorNorm, -1.0 / (order + 1))) : 1;
        return StepStatus.Computed;
    }

    public override void Accept(double t, double h)
    {
        // Differences of the new solution: D[order+2] = d − D[order+1], D[order+1] = d, then accumulate downwards.
        for (var i = 0; i < N; i++)
        {
            differences[order + 2][i] = correction[i] - differences[order + 1][i];
            differences[order + 1][i] = correction[i];
        }

        for (var k = order; k >= 0; k--)
        {
            for (var i = 0; i < N; i++)
            {
                differences[k][i] += differences[k + 1][i];
            }
        }

        equalSteps++;
        (Y, YNew) = (YNew, Y);
        Array.Copy(f, F, N);
        stepEnd = t + h;
        StepStart = t;
        StepLength = h;
    }

    public override double NextStep(double h, double errorNorm, bool accepted, bool lastRejected)
    {
        if (!accepted)
        {
            return double.IsNaN(errorNorm) ? h * 0.25 : h * factorAfterReject;
        }

        if (equalSteps < order + 1)
        {
            return h;
        }

        var errorLower = order > 1 ? ScaledNorm(differences[order], ErrorConstant[order - 1]) : double.PositiveInfinity;
        var errorHigher = order < MaxOrder ? ScaledNorm(differences[order + 2], ErrorConstant[order + 1]) : double.PositiveInfinity;
        var factors = new[]
        {
            Math.Pow(errorLower, -1.0 / order),
            Math.Pow(lastErrorNorm, -1.0 / (order + 1)),
            Math.Pow(errorHigher, -1.0 / (order + 2)),
        };
        var best = 0;
        for (var k = 1; k < 3; k++)
        {
            if (factors[k] > factors[best])
            {
                best = k;
            }
        }

        var newOrder = order + best - 1;
        var factor = Math.Min(MaxFactor, safety * factors[best]);
        if (double.IsNaN(factor))
        {
            factor = 1;
        }

        // The differences are rescaled lazily, at the next attempt, for whatever step the driver then chooses.
        order = newOrder;
        equalSteps = 0;
        var next = h * factor;
        return lastRejected ? Math.Min(next, h) : next;
    }

    public override void Interpolate(double time, double[] output) => Polynomial(differences, order, stepEnd, StepLength, time, output);

    public override DenseSegment CaptureDense() =>
        new Segment(StepStart, stepEnd, StepLength, order, [.. differences.Take(order + 1).Select(d => (double[])d.Clone())]);

    /// <summary>The interpolating polynomial through the last order + 1 points, from the differences at the step's end.</summary>
    private static void Polynomial(double[][] differences, int order, double stepEnd, double h, double time, double[] output)
    {
        var n = output.Length;
        for (var i = 0; i < n; i++)
        {
            output[i] = differences[0][i];
        }

        var product = 1.0;
        for (var j = 0; j < order; j++)
        {
            product *= (time - (stepEnd - (h * j))) / (h * (j + 1));
            for (var i = 0; i < n; i++)
            {
                output[i] += differences[j + 1][i] * product;
            }
        }
    }

    private sealed class Segment(double start, double end, double h, int order, double[][] differences) : DenseSegment(start, end)
    {
        public override long Size => (order + 1L) * differences[0].Length;

        public override void Evaluate(double time, double[] output) => Polynomial(differences, order, End, h, time, output);
    }

    private void UpdateJacobian(double t, double[] y, double[] fy)
    {
        EvaluateJacobian(jacobian, t, y, fy);
        jacobianEvaluated = true;
        jacobianCurrent = true;
        factoredShift = null;
    }

    private bool Newton(double tNew, double c, out int iterations)
    {
        Array.Copy(predicted, YNew, N);
        Array.Clear(correction);
        var previousNorm = double.NaN;
        for (var k = 0; k < NewtonMaxIterations; k++)
        {
            iterations = k + 1;
            System.Evaluate(tNew, YNew, f);
            Counters.FunctionEvaluations++;
            if (!AllFinite(f))
            {
                return false;
            }

            // (I − cJ)·dy = c·f − psi − d, solved as ((1/c)·I − J)·dy = f − (psi + d)/c.
            for (var i = 0; i < N; i++)
            {
                rhs[i] = f[i] - ((psi[i] + correction[i]) / c);
            }

            jacobian.Solve(rhs);
            double sum = 0;
            for (var i = 0; i < N; i++)
            {
                dy[i] = rhs[i];
                var r = dy[i] / scale[i];
                sum += r * r;
            }

            var norm = Math.Sqrt(sum / N);
            var rate = double.IsNaN(previousNorm) ? double.NaN : norm / previousNorm;
            if (!double.IsNaN(rate) && (rate >= 1 || (Math.Pow(rate, NewtonMaxIterations - k) / (1 - rate) * norm) > newtonTolerance))
            {
                return false;
            }

            for (var i = 0; i < N; i++)
            {
                YNew[i] += dy[i];
                correction[i] += dy[i];
            }

            if (norm == 0 || (!double.IsNaN(rate) && rate / (1 - rate) * norm < newtonTolerance))
            {
                jacobianCurrent = false;
                return true;
            }

            previousNorm = norm;
        }

        iterations = NewtonMaxIterations;
        return false;
    }

    private double ScaledNorm(double[] values, double constant)
    {
        double sum = 0;
        for (var i = 0; i < N; i++)
        {
            var r = constant * values[i] / scale[i];
            sum += r * r;
        }

        return Math.Sqrt(sum / N);
    }

    /// <summary>Rescales the differences to a step size <paramref name="factor"/> times the current one (D ← (R·U)ᵀ·D).</summary>
    private void ChangeDifferences(double factor)
    {
        var r = Rescaling(order, factor);
        var u = Rescaling(order, 1);
        var ru = new double[order + 1, order + 1];
        for (var i = 0; i <= order; i++)
        {
            for (var j = 0; j <= order; j++)
            {
                double s = 0;
                for (var k = 0; k <= order; k++)
                {
                    s += r[i, k] * u[k, j];
                }

                ru[i, j] = s;
            }
        }

        var updated = rescaled;
        for (var j = 0; j <= order; j++)
        {
            Array.Clear(updated[j]);
            for (var k = 0; k <= order; k++)
            {
                var w = ru[k, j];
                if (w == 0)
                {
                    continue;
                }

                for (var i = 0; i < N; i++)
                {
                    updated[j][i] += w * differences[k][i];
                }
            }
        }

        for (var j = 0; j <= order; j++)
        {
            Array.Copy(updated[j], differences[j], N);
        }

        factoredShift = null;
    }

    private static double[,] Rescaling(int order, double factor)
    {
        var m = new double[order + 1, order + 1];
        for (var j = 0; j <= order; j++)
        {
            m[0, j] = 1;
        }

        for (var i = 1; i <= order; i++)
        {
            for (var j = 1; j <= order; j++)
            {
                m[i, j] = (i - 1 - (factor * j)) / i;
            }
        }

        for (var i = 1; i <= order; i++)
        {
            for (var j = 0; j <= order; j++)
            {
                m[i, j] *= m[i - 1, j];
            }
        }

        return m;
    }
}
