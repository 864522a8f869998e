namespace MatAssistant.Ode.Solvers;

/// <summary>
/// A tridiagonal Jacobian (1-D diffusion on a grid): O(n) storage and O(n) factorization with partial pivoting
/// (the LAPACK gttrf scheme), so a 1,000-node profile costs no more per step than a handful of dense unknowns.
/// </summary>
internal sealed class TridiagonalJacobian : IJacobian
{
    private readonly int n;
    private readonly Action<double, double[], double[], double[], double[]> diagonals;
    private readonly Action<double, double[], double[]>? timeDerivative;
    private readonly double[] lower;
    private readonly double[] diagonal;
    private readonly double[] upper;
    private readonly double[] dl;
    private readonly double[] d;
    private readonly double[] du;
    private readonly double[] du2;
    private readonly bool[] swapped;

    /// <param name="n">Number of unknowns.</param>
    /// <param name="diagonals">(t, y, lower, diagonal, upper): lower[i] = ∂f_(i+1)/∂y_i, upper[i] = ∂f_i/∂y_(i+1).</param>
    /// <param name="timeDerivative">(t, y, ∂f/∂t), or null when f does not depend on t explicitly.</param>
    public TridiagonalJacobian(int n, Action<double, double[], double[], double[], double[]> diagonals, Action<double, double[], double[]>? timeDerivative)
    {
        this.n = n;
        this.diagonals = diagonals;
        this.timeDerivative = timeDerivative;
        lower = new double[Math.Max(n - 1, 0)];
        diagonal = new double[n];
        upper = new double[Math.Max(n - 1, 0)];
        dl = new double[lower.Length];
        d = new double[n];
        du = new double[upper.Length];
        du2 = new double[Math.Max(n - 2, 0)];
        swapped = new bool[n];
        TimeDerivative = new double[n];
    }

    public double[] TimeDerivative { get; }

    public long FunctionEvaluations => 0;

    public string Kind => "tridiagonal";

    public void Update(double t, double[] y, double[] f)
    {
        diagonals(t, y, lower, diagonal, upper);
        timeDerivative?.Invoke(t, y, TimeDerivative);
    }

    public bool Factor(double shift)
    {
        for (var i = 0; i < n; i++)
        {
            d[i] = shift - diagonal[i];
            swapped[i] = false;
        }

        for (var i = 0; i < n - 1; i++)
        {
            dl[i] = -lower[i];
            du[i] = -upper[i];
        }

        Array.Clear(du2);
        for (var i = 0; i < n - 1; i++)
        {
            if (Math.Abs(d[i]) >= Math.Abs(dl[i]))
            {
                if (d[i] == 0)
                {
                    return false;
                }

                var fact = dl[i] / d[i];
                dl[i] = fact;
                d[i + 1] -= fact * du[i];
            }
            else
            {
                var fact = d[i] / dl[i];
                d[i] = dl[i];
                dl[i] = fact;
                var temp = du[i];
                du[i] = d[i + 1];
                d[i + 1] = temp - (fact * d[i + 1]);
                if (i < n - 2)
                {
                    du2[i] = du[i + 1];
                    du[i + 1] = -fact * du[i + 1];
                }

                swapped[i] = true;
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (d[i] == 0 || !double.IsFinite(d[i]))
            {
                return false;
            }
        }

        return true;
    }

    public void Solve(double[] b)
    {
        for (var i = 0; i < n - 1; i++)
        {
            if (!swapped[i])
            {
                b[i + 1] -= dl[i] * b[i];
            }
            else
            {
                var temp = b[i];
                b[i] = b[i + 1];
                b[i + 1] = temp - (dl[i] * b[i]);
            }
        }

        b[n - 1] /= d[n - 1];
        if (n > 1)
        {
            b[n - 2] = (b[n - 2] - (du[n - 2] * b[n - 1])) / d[n - 2];
        }

        for (var i = n - 3; i >= 0; i--)
        {
            b[i] = (b[i] - (du[i] * b[i + 1]) - (du2[i] * b[i + 2])) / d[i];
        }
    }
}
