namespace MatAssistant.Ode.Solvers;

/// <summary>
/// DOP853 (Hairer, Nørsett &amp; Wanner, Solving ODEs I, §II.10): explicit Runge–Kutta of order 8 with the 5th- and
/// 3rd-order error estimators combined as in Hairer's code and 7th-order dense output (three extra stages, computed
/// only for steps that are interpolated). For smooth non-stiff problems at tight tolerances it needs far fewer
/// evaluations than Dormand–Prince 5(4). Coefficients: the published tableau as SciPy ships it
/// (scipy/integrate/_ivp/dop853_coefficients.py); step control as SciPy's (safety 0.9, 0.2 ≤ hnew/h ≤ 10, exponent 1/8).
/// Stiffness test as in <see cref="DormandPrince"/>: h·ρ from the two stages at t + h, against the stability boundary.
/// </summary>
internal sealed class Dop853 : Stepper
{
    private const int Stages = 12;
    private const double Safety = 0.9, MinFactor = 0.2, MaxFactor = 10, Exponent = -1.0 / 8;

    // DOP853's stability region reaches about −6 on the real axis; the threshold is set below it as for Dormand–Prince.
    private const double StiffnessThreshold = 4.7;

    private static readonly double[] C = [0.0, 0.05260015195876773, 0.0789002279381516, 0.1183503419072274, 0.2816496580927726, 0.3333333333333333, 0.25, 0.3076923076923077, 0.6512820512820513, 0.6, 0.8571428571428571, 1.0, 1.0, 0.1, 0.2, 0.7777777777777778];
    private static readonly double[][] A =
    [
        [],
        [0.05260015195876773],
        [0.0197250569845379, 0.0591751709536137],
        [0.02958758547680685, 0.0, 0.08876275643042054],
        [0.2413651341592667, 0.0, -0.8845494793282861, 0.924834003261792],
        [0.037037037037037035, 0.0, 0.0, 0.17082860872947386, 0.12546768756682242],
        [0.037109375, 0.0, 0.0, 0.17025221101954405, 0.06021653898045596, -0.017578125],
        [0.03709200011850479, 0.0, 0.0, 0.17038392571223998, 0.10726203044637328, -0.015319437748624402, 0.008273789163814023],
        [0.6241109587160757, 0.0, 0.0, -3.3608926294469414, -0.868219346841726, 27.59209969944671, 20.154067550477894, -43.48988418106996],
        [0.47766253643826434, 0.0, 0.0, -2.4881146199716677, -0.590290826836843, 21.230051448181193, 15.279233632882423, -33.28821096898486, -0.020331201708508627],
        [-0.9371424300859873, 0.0, 0.0, 5.186372428844064, 1.0914373489967295, -8.149787010746927, -18.52006565999696, 22.739487099350505, 2.4936055526796523, -3.0467644718982196],
        [2.273310147516538, 0.0, 0.0, -10.53449546673725, -2.0008720582248625, -17.9589318631188, 27.94888452941996, -2.8589982771350235, -8.87285693353063, 12.360567175794303, 0.6433927460157636],
        [0.054293734116568765, 0.0, 0.0, 0.0, 0.0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, 0.3111643669578199, -0.1521609496625161, 0.20136540080403034, 0.04471061572777259],
        [0.056167502283047954, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25350021021662483, -0.2462390374708025, -0.12419142326381637, 0.15329179827876568, 0.00820105229563469, 0.007567897660545699, -0.008298],
        [0.03183464816350214, 0.0, 0.0, 0.0, 0.0, 0.028300909672366776, 0.053541988307438566, -0.05492374857139099, 0.0, 0.0, -0.00010834732869724932, 0.0003825710908356584, -0.00034046500868740456, 0.1413124436746325],
        [-0.42889630158379194, 0.0, 0.0, 0.0, 0.0, -4.697621415361164, 7.683421196062599, 4.06898981839711, 0.3567271874552811, 0.0, 0.0, 0.0, -0.0013990241651590145, 2.9475147891527724, -9.15095847217987],
    ];
    private static readonly double[] B = [0.054293734116568765, 0.0, 0.0, 0.0, 0.0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, 0.3111643669578199, -0.1521609496625161, 0.20136540080403034, 0.04471061572777259];
    private static readonly double[] E3 = [-0.18980075407240762, 0.0, 0.0, 0.0, 0.0, 4.450312892752409, 1.8915178993145003, -5.801203960010585, -0.4226823213237919, -0.1521609496625161, 0.20136540080403034, 0.02265179219836082, 0.0];
    private static readonly double[] E5 = [0.01312004499419488, 0.0, 0.0, 0.0, 0.0, -1.2251564463762044, -0.4957589496572502, 1.6643771824549864, -0.35032884874997366, 0.3341791187130175, 0.08192320648511571, -0.022355307863886294, 0.0];
    private static readonly double[][] D =
    [
        [-8.428938276109013, 0.0, 0.0, 0.0, 0.0, 0.5667149535193777, -3.0689499459498917, 2.38466765651207, 2.117034582445028, -0.871391583777973, 2.2404374302607883, 0.6315787787694688, -0.08899033645133331, 18.148505520854727, -9.194632392478356, -4.436036387594894],
        [10.427508642579134, 0.0, 0.0, 0.0, 0.0, 242.28349177525817, 165.20045171727028, -374.5467547226902, -22.113666853125306, 7.733432668472264, -30.674084731089398, -9.332130526430229, 15.697238121770845, -31.139403219565178, -9.35292435884448, 35.81684148639408],
        [19.985053242002433, 0.0, 0.0, 0.0, 0.0, -387.0373087493518, -189.17813819516758, 527.8081592054236, -11.57390253995963, 6.8812326946963, -1.0006050966910838, 0.7777137798053443, -2.778205752353508, -60.19669523126412, 84.32040550667716, 11.99229113618279],
        [-25.69393346270375, 0.0, 0.0, 0.0, 0.0, -154.18974869023643, -231.5293791760455, 357.6391179106141, 93.40532418362432, -37.45832313645163, 104.0996495089623, 29.8402934266605, -43.53345659001114, 96.32455395918828, -39.17726167561544, -149.72683625798564],
    ];

    private readonly double[][] k;
    private readonly double[] stage;
    private readonly double[] yOld;
    private readonly double[][] dense;
    private readonly StiffnessTest stiffness = new(StiffnessThreshold);
    private double tOld, hOld;
    private bool denseReady;

    public Dop853(IOdeSystem system, Counters counters, double rtol, double atol, double[] y, double[] f)
        : base(system, counters, rtol, atol, y, f)
    {
        k = [.. Enumerable.Range(0, 16).Select(_ => new double[N])];
        stage = new double[N];
        yOld = new double[N];
        dense = [.. Enumerable.Range(0, 7).Select(_ => new double[N])];
    }

    public override string Name => "dop853";

    public override int Order => 8;

    /// <summary>True once h·ρ has stayed above the stability boundary for 15 accepted steps.</summary>
    public bool StiffnessDetected => stiffness.Detected;

    public override StepStatus Attempt(double t, double h, out double errorNorm)
    {
        Array.Copy(F, k[0], N);
        for (var s = 1; s < Stages; s++)
        {
            Combine(Y, h, A[s], s, stage);
            System.Evaluate(t + (C[s] * h), stage, k[s]);
        }

        // The last stage point (c = 1) is kept in `stage` for the stiffness test.
        Combine(Y, h, B, Stages, YNew);
        System.Evaluate(t + h, YNew, k[Stages]);
        Counters.FunctionEvaluations += Stages;
        double err5 = 0, err3 = 0;
        for (var i = 0; i < N; i++)
        {
            double e5 = 0, e3 = 0;
            for (var s = 0; s <= Stages; s++)
            {
                e5 += E5[s] * k[s][i];
                e3 += E3[s] * k[s][i];
            }

            var scale = Atol + (Rtol * Math.Max(Math.Abs(Y[i]), Math.Abs(YNew[i])));
            err5 += e5 / scale * (e5 / scale);
            err3 += e3 / scale * (e3 / scale);
            Error[i] = h * e5;
        }

        var denominator = err5 + (0.01 * err3);
        errorNorm = err5 == 0 && err3 == 0 ? 0 : Math.Abs(h) * err5 / Math.Sqrt(denominator * N);
        if (!double.IsFinite(errorNorm) || !AllFinite(YNew) || !AllFinite(k[Stages]))
        {
            errorNorm = double.NaN;
        }

        return StepStatus.Computed;
    }

    public override void Accept(double t, double h)
    {
        stiffness.Observe(h, k[Stages], k[Stages - 1], YNew, stage);
        Array.Copy(Y, yOld, N);
        (Y, YNew) = (YNew, Y);
        Array.Copy(k[Stages], F, N);
        tOld = t;
        hOld = h;
        StepStart = t;
        StepLength = h;
        denseReady = false;
    }

    public override double NextStep(double h, double errorNorm, bool accepted, bool lastRejected)
    {
        if (double.IsNaN(errorNorm))
        {
            return h * 0.25;
        }

        if (!accepted)
        {
            return h * Math.Max(MinFactor, Safety * Math.Pow(errorNorm, Exponent));
        }

        var factor = errorNorm == 0 ? MaxFactor : Math.Min(MaxFactor, Safety * Math.Pow(errorNorm, Exponent));
        return h * (lastRejected ? Math.Min(1, factor) : factor);
    }

    public override void Interpolate(double time, double[] output)
    {
        PrepareDense();
        Evaluate(tOld, hOld, yOld, dense, time, output);
    }

    public override DenseSegment CaptureDense()
    {
        PrepareDense();
        return new Segment(tOld, hOld, [.. yOld], [.. dense.Select(d => (double[])d.Clone())]);
    }

    /// <summary>The three extra stages and the interpolation coefficients of the last step (once per step).</summary>
    private void PrepareDense()
    {
        if (denseReady)
        {
            return;
        }

        var h = hOld;
        for (var s = Stages + 1; s < 16; s++)
        {
            Combine(yOld, h, A[s], s, stage);
            System.Evaluate(tOld + (C[s] * h), stage, k[s]);
        }

        Counters.FunctionEvaluations += 3;
        for (var i = 0; i < N; i++)
        {
            var delta = Y[i] - yOld[i];
            dense[0][i] = delta;
            dense[1][i] = (h * k[0][i]) - delta;
            dense[2][i] = (2 * delta) - (h * (F[i] + k[0][i]));
            for (var r = 0; r < 4; r++)
            {
                double sum = 0;
                for (var s = 0; s < 16; s++)
                {
                    sum += D[r][s] * k[s][i];
                }

                dense[3 + r][i] = h * sum;
            }
        }

        denseReady = true;
    }

    /// <summary>y0 + h·Σ weights[s]·k[s] over the first <paramref name="count"/> stages.</summary>
    private void Combine(double[] y0, double h, double[] weights, int count, double[] output)
    {
        for (var i = 0; i < N; i++)
        {
            double sum = 0;
            for (var s = 0; s < count; s++)
            {
                sum += weights[s] * k[s][i];
            }

            output[i] = y0[i] + (h * sum);
        }
    }

    private static void Evaluate(double start, double h, double[] y0, double[][] coefficients, double time, double[] output)
    {
        var x = (time - start) / h;
        for (var i = 0; i < y0.Length; i++)
        {
            double y = 0;
            for (int r = coefficients.Length - 1, j = 0; r >= 0; r--, j++)
            {
                y += coefficients[r][i];
                y *= j % 2 == 0 ? x : 1 - x;
            }

            output[i] = y + y0[i];
        }
    }

    private sealed class Segment(double start, double h, double[] y0, double[][] coefficients) : DenseSegment(start, start + h)
    {
        public override long Size => 8L * y0.Length;

        public override void Evaluate(double time, double[] output) => Dop853.Evaluate(Start, h, y0, coefficients, time, output);
    }
}
