using System.Numerics;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

/// <summary>Band LU against dense LU, band detection of method-of-lines systems typed as equations.</summary>
public class BandedTests
{
    [Theory]
    [InlineData(12, 1, 1, 1)]
    [InlineData(30, 2, 3, 2)]
    [InlineData(14, 3, 0, 3)]
    [InlineData(9, 0, 2, 4)]
    public void BandLu_SolvesLikeDenseLu(int n, int lower, int upper, int seed)
    {
        // Random band matrices with smallish diagonals, so partial pivoting must swap rows and fill in above the band
        // (not too small: a nearly triangular matrix with tiny diagonals has a condition number near 1/ε).
        var random = new Random(seed);
        var dense = new double[n * n];
        var band = new double[n * LuDecomposition.BandWidth(lower, upper)];
        for (var i = 0; i < n; i++)
        {
            for (var j = Math.Max(0, i - lower); j <= Math.Min(n - 1, i + upper); j++)
            {
                var value = (random.NextDouble() * 2) - 1;
                value *= i == j ? 0.2 : 1;
                dense[(i * n) + j] = value;
                band[LuDecomposition.BandIndex(i, j, lower, upper)] = value;
            }
        }

        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var xDense = (double[])b.Clone();
        var xBand = (double[])b.Clone();
        var (pd, pb) = (new int[n], new int[n]);
        Assert.True(LuDecomposition.FactorDense((double[])dense.Clone() is var lu ? lu : null!, n, pd));
        LuDecomposition.SolveDense(lu, n, pd, xDense);
        Assert.True(LuDecomposition.FactorBand(band, n, lower, upper, pb));
        LuDecomposition.SolveBand(band, n, lower, upper, pb, xBand);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(xDense[i], xBand[i], 1e-9 * Math.Max(1, Math.Abs(xDense[i])));
        }

        // And the normwise backward error against the original matrix, what partial pivoting guarantees:
        // ‖b − A x‖∞ ≤ c·n·ε·‖A‖∞·‖x‖∞.
        var norm = Enumerable.Range(0, n).Max(i => Enumerable.Range(0, n).Sum(j => Math.Abs(dense[(i * n) + j])));
        var xNorm = xBand.Max(Math.Abs);
        for (var i = 0; i < n; i++)
        {
            var residual = b[i];
            for (var j = 0; j < n; j++)
            {
                residual -= dense[(i * n) + j] * xBand[j];
            }

            Assert.True(Math.Abs(residual) <= 1e-13 * n * norm * xNorm, $"row {i}: residual {residual:G3}");
        }
    }

    [Theory]
    [InlineData(15, 1, 2, 5)]
    [InlineData(10, 0, 0, 6)]
    public void ComplexBandLu_SolvesLikeComplexDenseLu(int n, int lower, int upper, int seed)
    {
        var random = new Random(seed);
        var dense = new Complex[n * n];
        var band = new Complex[n * LuDecomposition.BandWidth(lower, upper)];
        for (var i = 0; i < n; i++)
        {
            for (var j = Math.Max(0, i - lower); j <= Math.Min(n - 1, i + upper); j++)
            {
                var value = new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5) * (i == j ? 0.05 : 1);
                dense[(i * n) + j] = value;
                band[LuDecomposition.BandIndex(i, j, lower, upper)] = value;
            }
        }

        var b = Enumerable.Range(0, n).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray();
        var (xDense, xBand) = ((Complex[])b.Clone(), (Complex[])b.Clone());
        var (pd, pb) = (new int[n], new int[n]);
        var lu = (Complex[])dense.Clone();
        Assert.True(LuDecomposition.FactorDense(lu, n, pd));
        LuDecomposition.SolveDense(lu, n, pd, xDense);
        Assert.True(LuDecomposition.FactorBand(band, n, lower, upper, pb));
        LuDecomposition.SolveBand(band, n, lower, upper, pb, xBand);
        for (var i = 0; i < n; i++)
        {
            Assert.True(Complex.Abs(xDense[i] - xBand[i]) < 1e-9 * Math.Max(1, Complex.Abs(xDense[i])), $"{i}: {xDense[i]} vs {xBand[i]}");
        }
    }

    /// <summary>Heat equation on n interior nodes typed as n equations: u_i' = k (u_(i−1) − 2u_i + u_(i+1)), u = 0 at both ends, plus a reaction.</summary>
    private static OdeProblem Chain(int n)
    {
        string U(int i) => i < 1 || i > n ? "0" : $"u{i}";
        var equations = Enumerable.Range(1, n).Select(i => $"u{i}' = k*({U(i - 1)} - 2*u{i} + {U(i + 1)}) - 0.5*u{i}^2").ToList();
        var initial = Enumerable.Range(1, n).ToDictionary(i => $"u{i}", i => Math.Sin(Math.PI * i / (n + 1)));
        return OdeProblem.Parse(equations, new Dictionary<string, double> { ["k"] = 400.0 * (n + 1) * (n + 1) / 1600 }, initial, 0, 1);
    }

    [Fact]
    public void MethodOfLinesEquations_GetABandJacobian_EqualToTheDenseOne()
    {
        var problem = Chain(40);
        var jacobian = problem.System.CreateJacobian(useAnalytic: true);
        Assert.Equal("symbolic banded (1, 1)", jacobian.Kind);
        var fd = problem.System.CreateJacobian(useAnalytic: false);
        Assert.Equal("finite-difference banded (1, 1)", fd.Kind);
        var y = problem.InitialValues.ToArray();
        var f = new double[y.Length];
        problem.System.Evaluate(0, y, f);
        jacobian.Update(0, y, f);
        fd.Update(0, y, f);
        // Three evaluations for the whole band (columns 3 apart share one), not 40.
        Assert.Equal(3, fd.FunctionEvaluations);
        var (banded, differenced) = ((BandedJacobian)jacobian, (BandedJacobian)fd);
        for (var i = 0; i < y.Length; i++)
        {
            for (var j = 0; j < y.Length; j++)
            {
                Assert.Equal(banded.Entry(i, j), differenced.Entry(i, j), 1e-5 * Math.Max(1, Math.Abs(banded.Entry(i, j))));
            }
        }
    }

    [Theory]
    [InlineData(OdeMethod.Radau)]
    [InlineData(OdeMethod.Stiff)]
    [InlineData(OdeMethod.Bdf)]
    public void MethodOfLinesEquations_BandedSolveMatchesTheDenseOne(OdeMethod method)
    {
        // The same system solved with the band Jacobian and with a dense one (small n stays dense): same values.
        var options = new OdeOptions { Method = method, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, Points = 2 };
        var problem = Chain(40);
        var banded = OdeSolver.Solve(problem, options);
        Assert.Contains("banded", banded.Jacobian, StringComparison.Ordinal);
        var dense = Integrator.Integrate(new DenseView(problem.System), 0, [.. problem.InitialValues], 1, options);
        Assert.Equal("symbolic", dense.JacobianKind);
        for (var i = 0; i < problem.Variables.Count; i++)
        {
            Assert.Equal(dense.Final[i], banded.Final[problem.Variables[i]], 1e-9);
        }
    }

    [Theory]
    [InlineData(100, 0, 0, true)]
    [InlineData(100, 1, 1, true)]
    [InlineData(100, 10, 10, false)]
    [InlineData(6, 1, 1, false)]
    public void UseBand_OnlyWhenTheBandIsNarrow(int n, int lower, int upper, bool expected) =>
        Assert.Equal(expected, CompiledOdeSystem.UseBand(n, lower, upper));

    /// <summary>The same equations with the dense symbolic Jacobian, for comparison.</summary>
    private sealed class DenseView(IOdeSystem inner) : IOdeSystem
    {
        public int Dimension => inner.Dimension;

        public IReadOnlyList<string> Names => inner.Names;

        public void Evaluate(double t, double[] y, double[] dydt) => inner.Evaluate(t, y, dydt);

        public IJacobian CreateJacobian(bool useAnalytic)
        {
            var banded = (BandedJacobian)inner.CreateJacobian(useAnalytic);
            var n = Dimension;
            return new DenseJacobian(n, Evaluate, (t, y, _, output) =>
            {
                var f = new double[n];
                inner.Evaluate(t, y, f);
                banded.Update(t, y, f);
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        output[(i * n) + j] = banded.Entry(i, j);
                    }
                }
            }, null, dependsOnTime: false);
        }
    }
}
