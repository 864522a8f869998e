namespace MatAssistant.Ode.Solvers;

/// <summary>
/// Radau IIA of order 5 (3 stages, c = (4 − √6)/10, (4 + √6)/10, 1), as in Hairer &amp; Wanner's RADAU5 (Solving ODEs II,
/// §IV.8) and SciPy's Radau: the stage equations are solved by a simplified Newton iteration in the transformed
/// variables W = T⁻¹Z, which splits the 3n×3n system into one real matrix (γ/h)·I − J and one complex (α + iβ)/h·I − J;
/// the Jacobian is kept while the iteration converges fast, the LUs while the step size stays. Error estimate: the
/// embedded order-3 formula filtered through the real LU (and, after a rejection, once more through f), so it stays
/// bounded on stiff components. Step size: Gustafsson's predictive controller. Dense output: the collocation
/// polynomial (order 3), which also predicts the next step's stages.
/// L-stable and stiffly accurate: for tight tolerances on stiff problems, where its order 5 needs fewer evaluations
/// than BDF's at equal accuracy.
/// </summary>
internal sealed class Radau5 : Stepper
{
    private const int NewtonMaxIterations = 6;
    private const double MinFactor = 0.2, MaxFactor = 10;

    private static readonly double Sqrt6 = Math.Sqrt(6);
    private static readonly double[] C = [(4 - Sqrt6) / 10, (4 + Sqrt6) / 10, 1];

    // Error estimate weights (Hairer's DD1…DD3).
    private static readonly double[] E = [(-13 - (7 * Sqrt6)) / 3, (-13 + (7 * Sqrt6)) / 3, -1.0 / 3];

    // Eigenvalues of the inverse Radau matrix: one real, one complex pair (α ± iβ).
    private static readonly double MuReal = 3 + Math.Cbrt(9) - Math.Cbrt(3);
    private static readonly double MuRe = 3 + (0.5 * (Math.Cbrt(3) - Math.Cbrt(9)));
    private static readonly double MuIm = 0.5 * (Math.Pow(3, 5.0 / 6) + Math.Pow(3, 7.0 / 6));

    // T (eigenvectors) and T⁻¹ of the Radau matrix, as in RADAU5 (T32 = 1, T33 = 0).
    private const double T11 = 0.09443876248897524, T12 = -0.14125529502095421, T13 = 0.03002919410514742;
    private const double T21 = 0.25021312296533332, T22 = 0.20412935229379994, T23 = -0.38294211275726192;
    private const double T31 = 1, T32 = 1, T33 = 0;
    private const double TI11 = 4.17871859155190428, TI12 = 0.32768282076106237, TI13 = 0.52337644549944951;
    private const double TI21 = -4.17871859155190428, TI22 = -0.32768282076106237, TI23 = 0.47662355450055044;
    private const double TI31 = 0.50287263494578682, TI32 = -2.57192694985560522, TI33 = 0.59603920482822492;

    // Dense output: Z(x) = Q·(x, x², x³) with Q = Zᵀ·P, x = (t − t_old)/h.
    private static readonly double[,] P =
    {
        { (13.0 / 3) + (7 * Sqrt6 / 3), (-23.0 / 3) - (22 * Sqrt6 / 3), (10.0 / 3) + (5 * Sqrt6) },
        { (13.0 / 3) - (7 * Sqrt6 / 3), (-23.0 / 3) + (22 * Sqrt6 / 3), (10.0 / 3) - (5 * Sqrt6) },
        { 1.0 / 3, -8.0 / 3, 10.0 / 3 },
    };

    private readonly IJacobian jacobian;
    private readonly double newtonTolerance;
    private readonly double[] z1, z2, z3, w1, w2, w3, dw1, dw2, dw3, f1, f2, f3, stage, scale, ze, yOld;
    private readonly double[] q1, q2, q3;
    private bool jacobianCurrent;
    private bool jacobianEvaluated;
    private double factoredH = double.NaN;
    private bool rejectedSinceAccept;
    private bool newtonFailed;
    private int iterations;
    private double rate;
    private double safety = 0.9;
    private double previousStep = double.NaN, previousError = double.NaN;

    public Radau5(IOdeSystem system, Counters counters, double rtol, double atol, double[] y, double[] f, IJacobian jacobian)
        : base(system, counters, rtol, atol, y, f)
    {
        this.jacobian = jacobian;
        newtonTolerance = Math.Max(10 * 2.220446049250313e-16 / rtol, Math.Min(0.03, Math.Sqrt(rtol)));
        double[] Vector() => new double[N];
        (z1, z2, z3, w1, w2, w3) = (Vector(), Vector(), Vector(), Vector(), Vector(), Vector());
        (dw1, dw2, dw3, f1, f2, f3) = (Vector(), Vector(), Vector(), Vector(), Vector(), Vector());
        (stage, scale, ze, yOld, q1, q2, q3) = (Vector(), Vector(), Vector(), Vector(), Vector(), Vector(), Vector());
    }

    public override string Name => "radau";

    // SciPy's Radau starts from the rule for an error estimator of order 3: h ∝ (0.01/‖f′‖)^(1/4).
    public override int Order => 4;

    public override StepStatus Attempt(double t, double h, out double errorNorm)
    {
        errorNorm = double.NaN;
        newtonFailed = false;
        if (!jacobianEvaluated)
        {
            UpdateJacobian(t);
        }

        Predict(t, h);
        for (var i = 0; i < N; i++)
        {
            scale[i] = Atol + (Rtol * Math.Abs(Y[i]));
        }

        bool converged;
        while (true)
        {
            if (factoredH != h)
            {
                Counters.Factorizations += 2;
                factoredH = double.NaN;
                if (!jacobian.Factor(MuReal / h) || !jacobian.FactorComplex(MuRe / h, -MuIm / h))
                {
                    return StepStatus.SingularMatrix;
                }

                factoredH = h;
            }

            converged = Newton(t, h);
            if (converged || jacobianCurrent)
            {
                break;
            }

            // Slow or diverging with an old Jacobian: a fresh one at the step's start, new LUs, and again.
            UpdateJacobian(t);
            Predict(t, h);
        }

        if (!converged)
        {
            newtonFailed = true;
            errorNorm = 1e10;
            return StepStatus.Computed;
        }

        for (var i = 0; i < N; i++)
        {
            YNew[i] = Y[i] + z3[i];
            ze[i] = ((E[0] * z1[i]) + (E[1] * z2[i]) + (E[2] * z3[i])) / h;
            Error[i] = F[i] + ze[i];
        }

        jacobian.Solve(Error);
        errorNorm = ErrorNorm();
        safety = 0.9 * ((2 * NewtonMaxIterations) + 1) / ((2 * NewtonMaxIterations) + iterations);
        if (rejectedSinceAccept && errorNorm > 1 && double.IsFinite(errorNorm))
        {
            // Hairer's second filtering after a rejection: f at y + err instead of f(y) damps the stiff components.
            for (var i = 0; i < N; i++)
            {
                stage[i] = Y[i] + Error[i];
            }

            System.Evaluate(t, stage, Error);
            Counters.FunctionEvaluations++;
            for (var i = 0; i < N; i++)
            {
                Error[i] += ze[i];
            }

            jacobian.Solve(Error);
            errorNorm = ErrorNorm();
        }

        return StepStatus.Computed;
    }

    public override void Accept(double t, double h)
    {
        Array.Copy(Y, yOld, N);
        (Y, YNew) = (YNew, Y);
        System.Evaluate(t + h, Y, F);
        Counters.FunctionEvaluations++;
        for (var i = 0; i < N; i++)
        {
            q1[i] = (z1[i] * P[0, 0]) + (z2[i] * P[1, 0]) + (z3[i] * P[2, 0]);
            q2[i] = (z1[i] * P[0, 1]) + (z2[i] * P[1, 1]) + (z3[i] * P[2, 1]);
            q3[i] = (z1[i] * P[0, 2]) + (z2[i] * P[1, 2]) + (z3[i] * P[2, 2]);
        }

        StepStart = t;
        StepLength = h;
        rejectedSinceAccept = false;

        // The Jacobian is kept while the iteration converged in two steps or fast (rate ≤ 1e-3), as in SciPy.
        if (iterations > 2 && rate > 1e-3)
        {
            UpdateJacobian(t + h);
        }
        else
        {
            jacobianCurrent = false;
        }
    }

    public override double NextStep(double h, double errorNorm, bool accepted, bool lastRejected)
    {
        if (!accepted)
        {
            rejectedSinceAccept = true;
            if (newtonFailed || double.IsNaN(errorNorm))
            {
                return h * 0.5;
            }

            return h * Math.Max(MinFactor, safety * PredictFactor(h, errorNorm));
        }

        var factor = Math.Min(MaxFactor, safety * PredictFactor(h, errorNorm));
        previousStep = h;
        previousError = errorNorm;

        // Keep h (and so both LUs) unless the change is worth a refactorization or the Jacobian is new anyway.
        if (!jacobianCurrent && factor < 1.2)
        {
            factor = 1;
        }

        var next = h * factor;
        return lastRejected ? Math.Min(next, h) : next;
    }

    public override void Interpolate(double time, double[] output) => Collocation(StepStart, StepLength, yOld, q1, q2, q3, time, output);

    public override DenseSegment CaptureDense() => new Segment(StepStart, StepLength, [.. yOld], [.. q1], [.. q2], [.. q3]);

    private static void Collocation(double start, double h, double[] y0, double[] q1, double[] q2, double[] q3, double time, double[] output)
    {
        var x = (time - start) / h;
        for (var i = 0; i < y0.Length; i++)
        {
            output[i] = y0[i] + (x * (q1[i] + (x * (q2[i] + (x * q3[i])))));
        }
    }

    private static double Norm3(double[] a, double[] b, double[] c, double[] scale)
    {
        var sum = 0.0;
        for (var i = 0; i < scale.Length; i++)
        {
            var (x, y, z) = (a[i] / scale[i], b[i] / scale[i], c[i] / scale[i]);
            sum += (x * x) + (y * y) + (z * z);
        }

        return Math.Sqrt(sum / (3.0 * scale.Length));
    }

    private double PredictFactor(double h, double errorNorm)
    {
        if (errorNorm == 0)
        {
            return MaxFactor;
        }

        // Gustafsson: the ratio of successive errors and steps corrects the plain h·err^(−1/4) rule.
        var multiplier = double.IsNaN(previousStep) || double.IsNaN(previousError) ? 1 : h / previousStep * Math.Pow(previousError / errorNorm, 0.25);
        return Math.Min(1, multiplier) * Math.Pow(errorNorm, -0.25);
    }

    private void UpdateJacobian(double t)
    {
        EvaluateJacobian(jacobian, t, Y, F);
        jacobianCurrent = true;
        jacobianEvaluated = true;
        factoredH = double.NaN;
    }

    /// <summary>Starting stages: the last step's collocation polynomial extrapolated to t + c·h (zero on the first step).</summary>
    private void Predict(double t, double h)
    {
        // No accepted step yet: no polynomial to extrapolate.
        if (StepLength == 0)
        {
            Array.Clear(z1);
            Array.Clear(z2);
            Array.Clear(z3);
            return;
        }

        var stages = new[] { z1, z2, z3 };
        for (var s = 0; s < 3; s++)
        {
            Collocation(StepStart, StepLength, yOld, q1, q2, q3, t + (C[s] * h), stages[s]);
            var z = stages[s];
            for (var i = 0; i < N; i++)
            {
                z[i] -= Y[i];
            }
        }
    }

    /// <summary>The simplified Newton iteration on the collocation equations; true when it converged.</summary>
    private bool Newton(double t, double h)
    {
        for (var i = 0; i < N; i++)
        {
            w1[i] = (TI11 * z1[i]) + (TI12 * z2[i]) + (TI13 * z3[i]);
            w2[i] = (TI21 * z1[i]) + (TI22 * z2[i]) + (TI23 * z3[i]);
            w3[i] = (TI31 * z1[i]) + (TI32 * z2[i]) + (TI33 * z3[i]);
        }

        var realShift = MuReal / h;
        var (re, im) = (MuRe / h, -MuIm / h);
        var previousNorm = double.NaN;
        rate = double.NaN;
        for (var k = 0; k < NewtonMaxIterations; k++)
        {
            iterations = k + 1;
            var stages = new[] { (z1, f1), (z2, f2), (z3, f3) };
            for (var s = 0; s < 3; s++)
            {
                var (z, f) = stages[s];
                for (var i = 0; i < N; i++)
                {
                    stage[i] = Y[i] + z[i];
                }

                System.Evaluate(t + (C[s] * h), stage, f);
            }

            Counters.FunctionEvaluations += 3;
            if (!AllFinite(f1) || !AllFinite(f2) || !AllFinite(f3))
            {
                return false;
            }

            // Right sides in W: T⁻¹F − M·W, with M = diag(μ, α − iβ as a 2×2 real block).
            for (var i = 0; i < N; i++)
            {
                var g1 = (TI11 * f1[i]) + (TI12 * f2[i]) + (TI13 * f3[i]);
                var g2 = (TI21 * f1[i]) + (TI22 * f2[i]) + (TI23 * f3[i]);
                var g3 = (TI31 * f1[i]) + (TI32 * f2[i]) + (TI33 * f3[i]);
                dw1[i] = g1 - (realShift * w1[i]);
                dw2[i] = g2 - ((re * w2[i]) - (im * w3[i]));
                dw3[i] = g3 - ((re * w3[i]) + (im * w2[i]));
            }

            jacobian.Solve(dw1);
            jacobian.SolveComplex(dw2, dw3);
            var norm = Norm3(dw1, dw2, dw3, scale);
            if (!double.IsNaN(previousNorm))
            {
                rate = norm / previousNorm;
            }

            if (!double.IsNaN(rate) && (rate >= 1 || (Math.Pow(rate, NewtonMaxIterations - k) / (1 - rate) * norm > newtonTolerance)))
            {
                return false;
            }

            for (var i = 0; i < N; i++)
            {
                w1[i] += dw1[i];
                w2[i] += dw2[i];
                w3[i] += dw3[i];
                z1[i] = (T11 * w1[i]) + (T12 * w2[i]) + (T13 * w3[i]);
                z2[i] = (T21 * w1[i]) + (T22 * w2[i]) + (T23 * w3[i]);
                z3[i] = (T31 * w1[i]) + (T32 * w2[i]) + (T33 * w3[i]);
            }

            if (norm == 0 || (!double.IsNaN(rate) && rate / (1 - rate) * norm < newtonTolerance))
            {
                return true;
            }

            previousNorm = norm;
        }

        return false;
    }

    private sealed class Segment(double start, double h, double[] y0, double[] q1, double[] q2, double[] q3) : DenseSegment(start, start + h)
    {
        public override long Size => 4L * y0.Length;

        public override void Evaluate(double time, double[] output) => Collocation(Start, h, y0, q1, q2, q3, time, output);
    }
}
