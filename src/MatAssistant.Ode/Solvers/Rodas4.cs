namespace MatAssistant.Ode.Solvers;

/// <summary>
/// Rodas4 (Hairer &amp; Wanner, Solving ODEs II, §VI.4): a 6-stage Rosenbrock method of order 4 with embedded order 3,
/// L-stable and stiffly accurate, so it damps stiff transients and handles the algebraic-like limits of kinetics.
/// Each step evaluates the Jacobian once and factors (1/(hγ))·I − J; the coefficients are the published tableau
/// (in the transformed form of Hairer's RODAS). Step control: Gustafsson's predictive controller as in RODAS;
/// dense output: cubic Hermite from y and f at both ends (f at the end is the next step's first stage, so it is free).
/// </summary>
internal sealed class Rodas4 : Stepper
{
    private const double Gamma = 0.25;
    private const double C2 = 0.386, C3 = 0.21, C4 = 0.63;
    private const double D1 = 0.25, D2 = -0.1043, D3 = 0.1035, D4 = -0.3620000000000023e-01;
    private const double A21 = 0.1544000000000000e+01;
    private const double A31 = 0.9466785280815826e+00, A32 = 0.2557011698983284e+00;
    private const double A41 = 0.3314825187068521e+01, A42 = 0.2896124015972201e+01, A43 = 0.9986419139977817e+00;
    private const double A51 = 0.1221224509226641e+01, A52 = 0.6019134481288629e+01, A53 = 0.1253708332932087e+02, A54 = -0.6878860361058950e+00;
    private const double C21 = -0.5668800000000000e+01;
    private const double C31 = -0.2430093356833875e+01, C32 = -0.2063599157091915e+00;
    private const double C41 = -0.1073529058151375e+00, C42 = -0.9594562251023355e+01, C43 = -0.2047028614809616e+02;
    private const double C51 = 0.7496443313967647e+01, C52 = -0.1024680431464352e+02, C53 = -0.3399990352819905e+02, C54 = 0.1170890893206160e+02;
    private const double C61 = 0.8083246795921522e+01, C62 = -0.7981132988064893e+01, C63 = -0.3152159432874371e+02, C64 = 0.1631930543123136e+02, C65 = -0.6058818238834054e+01;

    // Step-size limits of RODAS: 0.2 ≤ hnew/h ≤ 6, safety 0.9.
    private const double Safety = 0.9, MinFactor = 0.2, MaxFactor = 6;

    private readonly IJacobian jacobian;
    private readonly double[] k1, k2, k3, k4, k5, stage, dy;
    private readonly double[] y0, f0, y1, f1;
    private bool jacobianCurrent;
    private double? factoredShift;
    private double previousStep;
    private double previousError;
    private int accepted;

    public Rodas4(IOdeSystem system, Counters counters, double rtol, double atol, double[] y, double[] f, IJacobian jacobian)
        : base(system, counters, rtol, atol, y, f)
    {
        this.jacobian = jacobian;
        k1 = new double[N];
        k2 = new double[N];
        k3 = new double[N];
        k4 = new double[N];
        k5 = new double[N];
        stage = new double[N];
        dy = new double[N];
        y0 = new double[N];
        f0 = new double[N];
        y1 = new double[N];
        f1 = new double[N];
    }

    public override string Name => "rodas4";

    public override int Order => 4;

    public override StepStatus Attempt(double t, double h, out double errorNorm)
    {
        errorNorm = double.NaN;
        if (!jacobianCurrent)
        {
            EvaluateJacobian(jacobian, t, Y, F);
            jacobianCurrent = true;
            factoredShift = null;
        }

        var shift = 1 / (h * Gamma);
        if (factoredShift != shift)
        {
            Counters.Factorizations++;
            if (!jacobian.Factor(shift))
            {
                factoredShift = null;
                return StepStatus.SingularMatrix;
            }

            factoredShift = shift;
        }

        var fx = jacobian.TimeDerivative;
        var y = Y;
        var inverseH = 1 / h;
        for (var i = 0; i < N; i++)
        {
            k1[i] = F[i] + (h * D1 * fx[i]);
        }

        jacobian.Solve(k1);

        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (A21 * k1[i]);
        }

        System.Evaluate(t + (C2 * h), stage, dy);
        for (var i = 0; i < N; i++)
        {
            k2[i] = dy[i] + (inverseH * C21 * k1[i]) + (h * D2 * fx[i]);
        }

        jacobian.Solve(k2);

        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (A31 * k1[i]) + (A32 * k2[i]);
        }

        System.Evaluate(t + (C3 * h), stage, dy);
        for (var i = 0; i < N; i++)
        {
            k3[i] = dy[i] + (inverseH * ((C31 * k1[i]) + (C32 * k2[i]))) + (h * D3 * fx[i]);
        }

        jacobian.Solve(k3);

        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (A41 * k1[i]) + (A42 * k2[i]) + (A43 * k3[i]);
        }

        System.Evaluate(t + (C4 * h), stage, dy);
        for (var i = 0; i < N; i++)
        {
            k4[i] = dy[i] + (inverseH * ((C41 * k1[i]) + (C42 * k2[i]) + (C43 * k3[i]))) + (h * D4 * fx[i]);
        }

        jacobian.Solve(k4);

        for (var i = 0; i < N; i++)
        {
            stage[i] = y[i] + (A51 * k1[i]) + (A52 * k2[i]) + (A53 * k3[i]) + (A54 * k4[i]);
        }

        System.Evaluate(t + h, stage, dy);
        for (var i = 0; i < N; i++)
        {
            k5[i] = dy[i] + (inverseH * ((C51 * k1[i]) + (C52 * k2[i]) + (C53 * k3[i]) + (C54 * k4[i])));
        }

        jacobian.Solve(k5);

        // Embedded (order 3) solution, then the last stage: its correction k6 is the error estimate.
        for (var i = 0; i < N; i++)
        {
            stage[i] += k5[i];
        }

        System.Evaluate(t + h, stage, dy);
        for (var i = 0; i < N; i++)
        {
            Error[i] = dy[i] + (inverseH * ((C61 * k1[i]) + (C62 * k2[i]) + (C63 * k3[i]) + (C64 * k4[i]) + (C65 * k5[i])));
        }

        jacobian.Solve(Error);
        Counters.FunctionEvaluations += 5;
        for (var i = 0; i < N; i++)
        {
            YNew[i] = stage[i] + Error[i];
        }

        errorNorm = ErrorNorm();
        return StepStatus.Computed;
    }

    public override void Accept(double t, double h)
    {
        Array.Copy(Y, y0, N);
        Array.Copy(F, f0, N);
        (Y, YNew) = (YNew, Y);
        System.Evaluate(t + h, Y, F);
        Counters.FunctionEvaluations++;
        Array.Copy(Y, y1, N);
        Array.Copy(F, f1, N);
        StepStart = t;
        StepLength = h;
        jacobianCurrent = false;
    }

    public override double NextStep(double h, double errorNorm, bool accepted, bool lastRejected)
    {
        if (double.IsNaN(errorNorm))
        {
            return h * 0.25;
        }

        var fac = Math.Max(1 / MaxFactor, Math.Min(1 / MinFactor, Math.Pow(errorNorm, 0.25) / Safety));
        if (!accepted)
        {
            return this.accepted == 0 ? h * 0.1 : h / fac;
        }

        if (this.accepted > 0)
        {
            // Gustafsson's predictive controller: uses the ratio of successive errors and steps.
            var predictive = previousStep / h * Math.Pow(errorNorm * errorNorm / previousError, 0.25) / Safety;
            predictive = Math.Max(1 / MaxFactor, Math.Min(1 / MinFactor, predictive));
            fac = Math.Max(fac, predictive);
        }

        this.accepted++;
        previousStep = h;
        previousError = Math.Max(1e-2, errorNorm);
        var next = h / fac;
        return lastRejected ? Math.Min(next, h) : next;
    }

    public override void Interpolate(double time, double[] output) => Hermite(StepStart, StepLength, y0, f0, y1, f1, time, output);

    public override DenseSegment CaptureDense() => new Segment(StepStart, StepLength, [.. y0], [.. f0], [.. y1], [.. f1]);

    private static void Hermite(double start, double h, double[] y0, double[] f0, double[] y1, double[] f1, double time, double[] output)
    {
        var s = (time - start) / h;
        var s2 = s * s;
        var s3 = s2 * s;
        var h00 = (2 * s3) - (3 * s2) + 1;
        var h10 = s3 - (2 * s2) + s;
        var h01 = (-2 * s3) + (3 * s2);
        var h11 = s3 - s2;
        for (var i = 0; i < y0.Length; i++)
        {
            output[i] = (h00 * y0[i]) + (h10 * h * f0[i]) + (h01 * y1[i]) + (h11 * h * f1[i]);
        }
    }

    private sealed class Segment(double start, double h, double[] y0, double[] f0, double[] y1, double[] f1) : DenseSegment(start, start + h)
    {
        public override long Size => 4L * y0.Length;

        public override void Evaluate(double time, double[] output) => Hermite(Start, h, y0, f0, y1, f1, time, output);
    }
}
