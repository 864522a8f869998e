namespace MatAssistant.Ode.Solvers;

/// <summary>
/// A dense Jacobian, analytic (a compiled delegate) or by forward differences, with LU factorization by partial pivoting.
/// The LU is ours because it runs on every step of the stiff solver: a few lines over preallocated arrays, where a
/// general library allocates a matrix per factorization.
/// </summary>
internal sealed class DenseJacobian : IJacobian
{
    private readonly int n;
    private readonly double[] jacobian;
    private readonly double[] lu;
    private readonly int[] pivots;
    private readonly Action<double, double[], double[], double[]>? analytic;
    private readonly Action<double, double[], double[], double[]>? analyticTime;
    private readonly Action<double, double[], double[]> evaluate;
    private readonly double[] scratchY;
    private readonly double[] scratchF;
    private readonly bool dependsOnTime;
    private long evaluations;

    /// <param name="n">Number of unknowns.</param>
    /// <param name="evaluate">f(t, y).</param>
    /// <param name="analytic">Writes J row-major into its last argument, or null for finite differences.</param>
    /// <param name="analyticTime">Writes ∂f/∂t, or null (finite differences when <paramref name="dependsOnTime"/>).</param>
    /// <param name="dependsOnTime">Whether f reads t explicitly.</param>
    public DenseJacobian(int n, Action<double, double[], double[]> evaluate, Action<double, double[], double[], double[]>? analytic, Action<double, double[], double[], double[]>? analyticTime, bool dependsOnTime)
    {
        this.n = n;
        this.evaluate = evaluate;
        this.analytic = analytic;
        this.analyticTime = analyticTime;
        this.dependsOnTime = dependsOnTime;
        jacobian = new double[n * n];
        lu = new double[n * n];
        pivots = new int[n];
        scratchY = new double[n];
        scratchF = new double[n];
        TimeDerivative = new double[n];
    }

    public double[] TimeDerivative { get; }

    public long FunctionEvaluations => evaluations;

    public string Kind => analytic is null ? "finite-difference" : "symbolic";

    /// <summary>The last evaluated J, row-major (for tests).</summary>
    internal double[] Matrix => jacobian;

    public void Update(double t, double[] y, double[] f)
    {
        if (analytic is not null)
        {
            analytic(t, y, [], jacobian);
        }
        else
        {
            // Forward differences, column by column, with the usual √ε scaling.
            Array.Copy(y, scratchY, n);
            for (var j = 0; j < n; j++)
            {
                var delta = Math.Sqrt(2.2e-16) * Math.Max(1e-5, Math.Abs(y[j]));
                scratchY[j] = y[j] + delta;
                delta = scratchY[j] - y[j];
                evaluate(t, scratchY, scratchF);
                evaluations++;
                for (var i = 0; i < n; i++)
                {
                    jacobian[(i * n) + j] = (scratchF[i] - f[i]) / delta;
                }

                scratchY[j] = y[j];
            }
        }

        if (analyticTime is not null)
        {
            analyticTime(t, y, [], TimeDerivative);
        }
        else if (dependsOnTime)
        {
            var dt = Math.Sqrt(2.2e-16) * Math.Max(1e-5, Math.Abs(t));
            evaluate(t + dt, y, scratchF);
            evaluations++;
            for (var i = 0; i < n; i++)
            {
                TimeDerivative[i] = (scratchF[i] - f[i]) / dt;
            }
        }
    }

    public bool Factor(double shift)
    {
        for (var k = 0; k < n * n; k++)
        {
            lu[k] = -jacobian[k];
        }

        for (var i = 0; i < n; i++)
        {
            lu[(i * n) + i] += shift;
        }

        for (var k = 0; k < n; k++)
        {
            var pivot = k;
            var best = Math.Abs(lu[(k * n) + k]);
            for (var i = k + 1; i < n; i++)
            {
                var value = Math.Abs(lu[(i * n) + k]);
                if (value > best)
                {
                    best = value;
                    pivot = i;
                }
            }

            if (best == 0 || !double.IsFinite(best))
            {
                return false;
            }

            pivots[k] = pivot;
            if (pivot != k)
            {
                for (var j = 0; j < n; j++)
                {
                    (lu[(k * n) + j], lu[(pivot * n) + j]) = (lu[(pivot * n) + j], lu[(k * n) + j]);
                }
            }

            var diagonal = lu[(k * n) + k];
            for (var i = k + 1; i < n; i++)
            {
                var factor = lu[(i * n) + k] /= diagonal;
                if (factor == 0)
                {
                    continue;
                }

                for (var j = k + 1; j < n; j++)
                {
                    lu[(i * n) + j] -= factor * lu[(k * n) + j];
                }
            }
        }

        return true;
    }

    public void Solve(double[] b)
    {
        // Factor swaps whole rows, multipliers included (LAPACK's getrf), so the permutation is applied to b in full
        // before the forward substitution. Interleaving each swap with its column's elimination, as this once did, pairs
        // multipliers moved by later swaps with the wrong entries of b: wrong solutions whenever pivoting reorders rows
        // after the first columns (POLLU: 20× the steps, Newton iterations that never converged).
        for (var k = 0; k < n; k++)
        {
            var p = pivots[k];
            if (p != k)
            {
                (b[k], b[p]) = (b[p], b[k]);
            }
        }

        for (var k = 0; k < n; k++)
        {
            var bk = b[k];
            if (bk == 0)
            {
                continue;
            }

            for (var i = k + 1; i < n; i++)
            {
                b[i] -= lu[(i * n) + k] * bk;
            }
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var j = i + 1; j < n; j++)
            {
                sum -= lu[(i * n) + j] * b[j];
            }

            b[i] = sum / lu[(i * n) + i];
        }
    }
}
