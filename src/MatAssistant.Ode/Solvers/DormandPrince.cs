namespace MatAssistant.Ode.Solvers;

/// <summary>
/// Dormand–Prince 5(4) (Hairer, Nørsett &amp; Wanner, Solving ODEs I, §II.5) with the PI step-size controller of
/// Hairer's DOPRI5, Shampine's 4th-order dense output and Hairer's stiffness test (h·ρ &gt; 3.25 on 15 steps).
/// Coefficients are the published tableau.
/// </summary>
internal sealed class DormandPrince : Stepper
{
    private const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double A71 = 35.0 / 384, A73 = 500.0 / 1113, A74 = 125.0 / 192, A75 = -2187.0 / 6784, A76 = 11.0 / 84;
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;
    private const double D1 = -12715105075.0 / 11282082432, D3 = 87487479700.0 / 32700410799, D4 = -10690763975.0 / 1880347072;
    private const double D5 = 701980252875.0 / 199316789632, D6 = -1453857185.0 / 822651844, D7 = 69997945.0 / 29380423;

    // PI controller constants of DOPRI5: beta = 0.04, safety 0.9, 0.2 ≤ hnew/h ≤ 10.
    private const double Beta = 0.04, Expo1 = 0.2 - (Beta * 0.75), Safety = 0.9, MinFactor = 0.2, MaxFactor = 10;

    private readonly double[] k2, k3, k4, k5, k6, k7, stage, stage6;
    private readonly double[] r1, r2, r3, r4, r5;
    private double errorOld = 1e-4;
    // Hairer uses 3.25 (the edge of the stability region on the negative real axis, about 3.3); near that edge the
    // estimate hovers around it and six "non-stiff" steps reset the count, so stiff problems at tight tolerances ran
    // thousands of explicit steps before switching (Robertson, rtol 1e-8: 3,889). 2.5 switches within ~20 steps.
    private const double StiffnessThreshold = 2.5;
    private readonly StiffnessTest stiffness = new(StiffnessThreshold);

    public DormandPrince(IOdeSystem system, Counters counters, double rtol, double atol, double[] y, double[] f)
        : base(system, counters, rtol, atol, y, f)
    {
        k2 = new double[N];
        k3 = new double[N];
        k4 = new double[N];
        k5 = new double[N];
        k6 = new double[N];
        k7 = new double[N];
        stage = new double[N];
        stage6 = new double[N];
        r1 = new double[N];
        r2 = new double[N];
        r3 = new double[N];
        r4 = new double[N];
        r5 = new double[N];
    }

    public override string Name => "dopri5";

    public override int Order => 5;

    /// <summary>True once Hairer's test has seen h·ρ &gt; 3.25 on 15 accepted steps without 6 non-stiff ones between.</summary>
    public bool StiffnessDetected => stiffness.Detected;

    public override StepStatus Attempt(double t, double h, out double errorNorm)
    {
        var y = Y;
        var k1 = F;
        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (h * A21 * k1[i]);
        }

        System.Evaluate(t + (C2 * h), stage, k2);
        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (h * ((A31 * k1[i]) + (A32 * k2[i])));
        }

        System.Evaluate(t + (C3 * h), stage, k3);
        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (h * ((A41 * k1[i]) + (A42 * k2[i]) + (A43 * k3[i])));
        }

        System.Evaluate(t + (C4 * h), stage, k4);
        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (h * ((A51 * k1[i]) + (A52 * k2[i]) + (A53 * k3[i]) + (A54 * k4[i])));
        }

        System.Evaluate(t + (C5 * h), stage, k5);
        for (var i = 0; i < N; i++)
        {
            stage6[i] = y[i] + (h * ((A61 * k1[i]) + (A62 * k2[i]) + (A63 * k3[i]) + (A64 * k4[i]) + (A65 * k5[i])));
        }

        System.Evaluate(t + h, stage6, k6);
        for (var i = 0; i < N; i++)
        {
            YNew[i] = y[i] + (h * ((A71 * k1[i]) + (A73 * k3[i]) + (A74 * k4[i]) + (A75 * k5[i]) + (A76 * k6[i])));
        }

        System.Evaluate(t + h, YNew, k7);
        Counters.FunctionEvaluations += 6;
        for (var i = 0; i < N; i++)
        {
            Error[i] = h * ((E1 * k1[i]) + (E3 * k3[i]) + (E4 * k4[i]) + (E5 * k5[i]) + (E6 * k6[i]) + (E7 * k7[i]));
        }

        errorNorm = ErrorNorm();
        if (double.IsNaN(errorNorm) || !AllFinite(k7))
        {
            errorNorm = double.NaN;
        }

        return StepStatus.Computed;
    }

    public override void Accept(double t, double h)
    {
        stiffness.Observe(h, k7, k6, YNew, stage6);

        var k1 = F;
        for (var i = 0; i < N; i++)
        {
            var difference = YNew[i] - Y[i];
            var spline = (h * k1[i]) - difference;
            r1[i] = Y[i];
            r2[i] = difference;
            r3[i] = spline;
            r4[i] = difference - (h * k7[i]) - spline;
            r5[i] = h * ((D1 * k1[i]) + (D3 * k3[i]) + (D4 * k4[i]) + (D5 * k5[i]) + (D6 * k6[i]) + (D7 * k7[i]));
        }

        StepStart = t;
        StepLength = h;
        (Y, YNew) = (YNew, Y);
        Array.Copy(k7, F, N);
    }

    public override double NextStep(double h, double errorNorm, bool accepted, bool lastRejected)
    {
        if (double.IsNaN(errorNorm))
        {
            return h * 0.25;
        }

        var fac11 = Math.Pow(errorNorm, Expo1);
        if (!accepted)
        {
            return h / Math.Min(1 / MinFactor, fac11 / Safety);
        }

        var fac = fac11 / Math.Pow(errorOld, Beta);
        fac = Math.Max(1 / MaxFactor, Math.Min(1 / MinFactor, fac / Safety));
        errorOld = Math.Max(errorNorm, 1e-4);
        var next = h / fac;
        return lastRejected ? Math.Min(next, h) : next;
    }

    public override void Interpolate(double time, double[] output) => Evaluate(StepStart, StepLength, r1, r2, r3, r4, r5, time, output);

    public override DenseSegment CaptureDense() => new Segment(StepStart, StepLength, [.. r1], [.. r2], [.. r3], [.. r4], [.. r5]);

    private static void Evaluate(double start, double length, double[] r1, double[] r2, double[] r3, double[] r4, double[] r5, double time, double[] output)
    {
        var theta = (time - start) / length;
        var theta1 = 1 - theta;
        for (var i = 0; i < r1.Length; i++)
        {
            output[i] = r1[i] + (theta * (r2[i] + (theta1 * (r3[i] + (theta * (r4[i] + (theta1 * r5[i])))))));
        }
    }

    private sealed class Segment(double start, double length, double[] r1, double[] r2, double[] r3, double[] r4, double[] r5) : DenseSegment(start, start + length)
    {
        public override long Size => 5L * r1.Length;

        public override void Evaluate(double time, double[] output) => DormandPrince.Evaluate(Start, length, r1, r2, r3, r4, r5, time, output);
    }
}

/// <summary>
/// Hairer's stiffness test for explicit Runge–Kutta pairs: h·ρ, with ρ ≈ ‖f(y₁) − f(ŷ)‖ / ‖y₁ − ŷ‖ from two stages at
/// the step's end, above the method's stability boundary on 15 accepted steps without 6 non-stiff ones between.
/// </summary>
internal sealed class StiffnessTest(double threshold)
{
    private int stiffCount;
    private int nonStiffCount;

    public bool Detected { get; private set; }

    public void Observe(double h, double[] fEnd, double[] fStage, double[] yEnd, double[] yStage)
    {
        double numerator = 0, denominator = 0;
        for (var i = 0; i < fEnd.Length; i++)
        {
            numerator += (fEnd[i] - fStage[i]) * (fEnd[i] - fStage[i]);
            denominator += (yEnd[i] - yStage[i]) * (yEnd[i] - yStage[i]);
        }

        if (denominator > 0 && Math.Abs(h) * Math.Sqrt(numerator / denominator) > threshold)
        {
            nonStiffCount = 0;
            if (++stiffCount >= 15)
            {
                Detected = true;
            }
        }
        else if (++nonStiffCount >= 6)
        {
            stiffCount = 0;
        }
    }
}
