using System.Numerics;

namespace MatAssistant.Ode.Solvers;

/// <summary>
/// What every Jacobian shares: ∂f/∂t (compiled, by a forward difference when f reads t, or zero) and the count of
/// function evaluations spent on differences. Subclasses own the matrix, its storage and its factorizations.
/// </summary>
internal abstract class JacobianBase : IJacobian
{
    /// <summary>√ε, the forward-difference increment relative to max(1e-5, |y|).</summary>
    protected const double Increment = 1.4832396974191326e-8;

    private readonly Action<double, double[], double[]> evaluate;
    private readonly Action<double, double[], double[], double[]>? analyticTime;
    private readonly bool dependsOnTime;
    private readonly double[] shifted;
    private Complex[]? complexRight;

    /// <param name="n">Number of unknowns.</param>
    /// <param name="evaluate">f(t, y).</param>
    /// <param name="analyticTime">Writes ∂f/∂t, or null (forward difference when <paramref name="dependsOnTime"/>).</param>
    /// <param name="dependsOnTime">Whether f reads t explicitly.</param>
    protected JacobianBase(int n, Action<double, double[], double[]> evaluate, Action<double, double[], double[], double[]>? analyticTime, bool dependsOnTime)
    {
        N = n;
        this.evaluate = evaluate;
        this.analyticTime = analyticTime;
        this.dependsOnTime = dependsOnTime;
        shifted = new double[n];
        TimeDerivative = new double[n];
    }

    public double[] TimeDerivative { get; }

    public long FunctionEvaluations { get; protected set; }

    public abstract string Kind { get; }

    protected int N { get; }

    public void Update(double t, double[] y, double[] f)
    {
        UpdateMatrix(t, y, f);
        if (analyticTime is not null)
        {
            analyticTime(t, y, [], TimeDerivative);
        }
        else if (dependsOnTime)
        {
            var dt = Increment * Math.Max(1e-5, Math.Abs(t));
            evaluate(t + dt, y, shifted);
            FunctionEvaluations++;
            for (var i = 0; i < N; i++)
            {
                TimeDerivative[i] = (shifted[i] - f[i]) / dt;
            }
        }
    }

    public abstract bool Factor(double shift);

    public abstract void Solve(double[] b);

    public abstract bool FactorComplex(double re, double im);

    public void SolveComplex(double[] real, double[] imaginary)
    {
        var b = complexRight ??= new Complex[N];
        for (var i = 0; i < N; i++)
        {
            b[i] = new Complex(real[i], imaginary[i]);
        }

        SolveComplex(b);
        for (var i = 0; i < N; i++)
        {
            real[i] = b[i].Real;
            imaginary[i] = b[i].Imaginary;
        }
    }

    /// <summary>J(i, i) from the last update.</summary>
    public abstract double Diagonal(int i);

    /// <summary>Evaluates J at (t, y) into the subclass's storage.</summary>
    protected abstract void UpdateMatrix(double t, double[] y, double[] f);

    protected abstract void SolveComplex(Complex[] b);

    /// <summary>f(t, y) for finite differences, counted.</summary>
    protected void EvaluateCounted(double t, double[] y, double[] output)
    {
        evaluate(t, y, output);
        FunctionEvaluations++;
    }
}

/// <summary>A dense Jacobian, analytic (a compiled delegate) or by forward differences, with dense LU (partial pivoting).</summary>
internal sealed class DenseJacobian : JacobianBase
{
    private readonly double[] jacobian;
    private readonly double[] lu;
    private readonly int[] pivots;
    private readonly Action<double, double[], double[], double[]>? analytic;
    private readonly double[] scratchY;
    private readonly double[] scratchF;
    private Complex[]? complexLu;
    private int[]? complexPivots;

    /// <param name="n">Number of unknowns.</param>
    /// <param name="evaluate">f(t, y).</param>
    /// <param name="analytic">Writes J row-major into its last argument, or null for finite differences.</param>
    /// <param name="analyticTime">Writes ∂f/∂t, or null (finite differences when <paramref name="dependsOnTime"/>).</param>
    /// <param name="dependsOnTime">Whether f reads t explicitly.</param>
    public DenseJacobian(int n, Action<double, double[], double[]> evaluate, Action<double, double[], double[], double[]>? analytic, Action<double, double[], double[], double[]>? analyticTime, bool dependsOnTime)
        : base(n, evaluate, analyticTime, dependsOnTime)
    {
        this.analytic = analytic;
        jacobian = new double[n * n];
        lu = new double[n * n];
        pivots = new int[n];
        scratchY = new double[n];
        scratchF = new double[n];
    }

    public override string Kind => analytic is null ? "finite-difference" : "symbolic";

    public override double Diagonal(int i) => jacobian[(i * N) + i];

    /// <summary>The last evaluated J, row-major (for tests).</summary>
    internal double[] Matrix => jacobian;

    public override bool Factor(double shift)
    {
        for (var k = 0; k < N * N; k++)
        {
            lu[k] = -jacobian[k];
        }

        for (var i = 0; i < N; i++)
        {
            lu[(i * N) + i] += shift;
        }

        return LuDecomposition.FactorDense(lu, N, pivots);
    }

    public override void Solve(double[] b) => LuDecomposition.SolveDense(lu, N, pivots, b);

    public override bool FactorComplex(double re, double im)
    {
        var a = complexLu ??= new Complex[N * N];
        complexPivots ??= new int[N];
        for (var k = 0; k < N * N; k++)
        {
            a[k] = -jacobian[k];
        }

        var shift = new Complex(re, im);
        for (var i = 0; i < N; i++)
        {
            a[(i * N) + i] += shift;
        }

        return LuDecomposition.FactorDense(a, N, complexPivots);
    }

    protected override void SolveComplex(Complex[] b) => LuDecomposition.SolveDense(complexLu!, N, complexPivots!, b);

    protected override void UpdateMatrix(double t, double[] y, double[] f)
    {
        if (analytic is not null)
        {
            analytic(t, y, [], jacobian);
            return;
        }

        // Forward differences, column by column.
        Array.Copy(y, scratchY, N);
        for (var j = 0; j < N; j++)
        {
            var delta = Increment * Math.Max(1e-5, Math.Abs(y[j]));
            scratchY[j] = y[j] + delta;
            delta = scratchY[j] - y[j];
            EvaluateCounted(t, scratchY, scratchF);
            for (var i = 0; i < N; i++)
            {
                jacobian[(i * N) + j] = (scratchF[i] - f[i]) / delta;
            }

            scratchY[j] = y[j];
        }
    }
}
