using System.Numerics;

namespace MatAssistant.Ode.Solvers;

/// <summary>
/// A band Jacobian (method-of-lines grids: entry (i, j) is zero for j &lt; i − lower or j &gt; i + upper): O(n·band)
/// storage, O(n·lower·(lower + upper)) factorization with partial pivoting (<see cref="LuDecomposition.FactorBand{T}"/>),
/// so a 1,000-node profile costs per step what a handful of dense unknowns cost. Finite differences perturb every
/// (lower + upper + 1)-th column at once (Curtis, Powell &amp; Reid): band-width evaluations instead of n.
/// </summary>
internal sealed class BandedJacobian : JacobianBase
{
    private readonly int lower;
    private readonly int upper;
    private readonly int width;
    private readonly double[] band;
    private readonly double[] lu;
    private readonly int[] pivots;
    private readonly Action<double, double[], double[], double[]>? analytic;
    private readonly string kind;
    private readonly double[] scratchY;
    private readonly double[] scratchF;
    private readonly double[] deltas;
    private Complex[]? complexLu;
    private int[]? complexPivots;

    /// <param name="n">Number of unknowns.</param>
    /// <param name="lower">Subdiagonals (the largest i − j of a nonzero entry).</param>
    /// <param name="upper">Superdiagonals (the largest j − i).</param>
    /// <param name="evaluate">f(t, y).</param>
    /// <param name="analytic">Writes J into band storage (index <see cref="LuDecomposition.BandIndex"/>), or null for finite differences.</param>
    /// <param name="analyticTime">Writes ∂f/∂t, or null (a forward difference when <paramref name="dependsOnTime"/>).</param>
    /// <param name="dependsOnTime">Whether f reads t explicitly.</param>
    /// <param name="kind">The name in the statistics ("tridiagonal" for diffusion; null: "symbolic banded (kl, ku)" or "finite-difference banded (kl, ku)").</param>
    public BandedJacobian(int n, int lower, int upper, Action<double, double[], double[]> evaluate, Action<double, double[], double[], double[]>? analytic, Action<double, double[], double[], double[]>? analyticTime, bool dependsOnTime, string? kind = null)
        : base(n, evaluate, analyticTime, dependsOnTime)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lower);
        ArgumentOutOfRangeException.ThrowIfNegative(upper);
        this.lower = lower;
        this.upper = upper;
        this.analytic = analytic;
        width = LuDecomposition.BandWidth(lower, upper);
        band = new double[n * width];
        lu = new double[n * width];
        pivots = new int[n];
        scratchY = new double[n];
        scratchF = new double[n];
        deltas = new double[n];
        this.kind = kind ?? $"{(analytic is null ? "finite-difference" : "symbolic")} banded ({lower}, {upper})";
    }

    public override string Kind => kind;

    public int Lower => lower;

    public int Upper => upper;

    public override double Diagonal(int i) => band[(i * width) + lower];

    /// <summary>J(i, j) from the last update (zero outside the band), for tests.</summary>
    internal double Entry(int i, int j) => j - i < -lower || j - i > upper ? 0 : band[LuDecomposition.BandIndex(i, j, lower, upper)];

    public override bool Factor(double shift)
    {
        for (var k = 0; k < band.Length; k++)
        {
            lu[k] = -band[k];
        }

        for (var i = 0; i < N; i++)
        {
            lu[(i * width) + lower] += shift;
        }

        return LuDecomposition.FactorBand(lu, N, lower, upper, pivots);
    }

    public override void Solve(double[] b) => LuDecomposition.SolveBand(lu, N, lower, upper, pivots, b);

    public override bool FactorComplex(double re, double im)
    {
        var a = complexLu ??= new Complex[band.Length];
        complexPivots ??= new int[N];
        for (var k = 0; k < band.Length; k++)
        {
            a[k] = -band[k];
        }

        var shift = new Complex(re, im);
        for (var i = 0; i < N; i++)
        {
            a[(i * width) + lower] += shift;
        }

        return LuDecomposition.FactorBand(a, N, lower, upper, complexPivots);
    }

    protected override void SolveComplex(Complex[] b) => LuDecomposition.SolveBand(complexLu!, N, lower, upper, complexPivots!, b);

    protected override void UpdateMatrix(double t, double[] y, double[] f)
    {
        if (analytic is not null)
        {
            analytic(t, y, [], band);
            return;
        }

        // Columns g, g + s, g + 2s, … (s = lower + upper + 1) touch disjoint rows, so one evaluation serves them all.
        var stride = lower + upper + 1;
        Array.Copy(y, scratchY, N);
        for (var group = 0; group < Math.Min(stride, N); group++)
        {
            for (var j = group; j < N; j += stride)
            {
                var delta = Increment * Math.Max(1e-5, Math.Abs(y[j]));
                scratchY[j] = y[j] + delta;
                deltas[j] = scratchY[j] - y[j];
            }

            EvaluateCounted(t, scratchY, scratchF);
            for (var j = group; j < N; j += stride)
            {
                var last = Math.Min(N - 1, j + lower);
                for (var i = Math.Max(0, j - upper); i <= last; i++)
                {
                    band[LuDecomposition.BandIndex(i, j, lower, upper)] = (scratchF[i] - f[i]) / deltas[j];
                }

                scratchY[j] = y[j];
            }
        }
    }
}
