using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

/// <summary>The standard stiff test problems (Test Set for IVP Solvers, Hairer &amp; Wanner) against their published references.</summary>
public class TestSetTests
{
    [Theory]
    [InlineData("pollu")]
    [InlineData("hires")]
    [InlineData("orego")]
    [InlineData("e5")]
    [InlineData("vdpol")]
    [InlineData("arenstorf")]
    public void SymbolicJacobian_MatchesFiniteDifferences(string name)
    {
        var problem = OdeTestSet.Find(name)!.Create();
        var n = problem.Variables.Count;
        var random = new Random(3);
        var y = problem.InitialValues.Select(v => v + (0.1 * random.NextDouble() * (1 + Math.Abs(v)))).ToArray();
        var f = new double[n];
        problem.System.Evaluate(0.5, y, f);
        var symbolic = (DenseJacobian)problem.System.CreateJacobian(useAnalytic: true);
        var numeric = (DenseJacobian)problem.System.CreateJacobian(useAnalytic: false);
        Assert.Equal("symbolic", symbolic.Kind);
        symbolic.Update(0.5, y, f);
        numeric.Update(0.5, y, f);
        var scale = symbolic.Matrix.Max(Math.Abs);
        for (var k = 0; k < n * n; k++)
        {
            Assert.True(Math.Abs(symbolic.Matrix[k] - numeric.Matrix[k]) <= (1e-5 * scale) + (1e-6 * Math.Abs(symbolic.Matrix[k])), $"J[{k / n},{k % n}]: symbolic {symbolic.Matrix[k]:G6}, differences {numeric.Matrix[k]:G6}");
        }
    }

    [Fact]
    public void DenseLu_SolvesWhenPivotingReordersRowsAfterTheFirstColumns()
    {
        // The forward substitution once interleaved each row swap with its column's elimination: with the multipliers
        // moved by later swaps it solved POLLU's iteration matrix with 140 % error, and Rodas4 took 3,533 steps for 19.
        var problem = OdeTestSet.Find("pollu")!.Create();
        var n = problem.Variables.Count;
        var random = new Random(3);
        var y = problem.InitialValues.Select(v => v + (0.01 * random.NextDouble())).ToArray();
        var f = new double[n];
        problem.System.Evaluate(0, y, f);
        var jacobian = (DenseJacobian)problem.System.CreateJacobian(useAnalytic: true);
        jacobian.Update(0, y, f);
        const double shift = 383;
        Assert.True(jacobian.Factor(shift));
        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var x = (double[])b.Clone();
        jacobian.Solve(x);
        for (var i = 0; i < n; i++)
        {
            // Residual of (shift·I − J)·x = b, relative to the terms that make it up.
            double residual = (shift * x[i]) - b[i], size = Math.Abs(shift * x[i]) + Math.Abs(b[i]);
            for (var j = 0; j < n; j++)
            {
                residual -= jacobian.Matrix[(i * n) + j] * x[j];
                size += Math.Abs(jacobian.Matrix[(i * n) + j] * x[j]);
            }

            Assert.True(Math.Abs(residual) <= 1e-12 * size, $"row {i}: residual {residual:G3} of {size:G3}");
        }
    }

    [Theory]
    [InlineData(OdeMethod.Stiff, 1e-4, 1e-6, 5.5, 60)]
    [InlineData(OdeMethod.Stiff, 1e-8, 1e-10, 9.5, 400)]
    [InlineData(OdeMethod.Bdf, 1e-4, 1e-6, 4, 200)]
    [InlineData(OdeMethod.Bdf, 1e-8, 1e-10, 8, 600)]
    [InlineData(OdeMethod.Auto, 1e-6, 1e-8, 7.5, 400)]
    public void Pollu_AsWrittenInTheTestSet_MatchesTheReference(OdeMethod method, double rtol, double atol, double digits, int maxSteps)
    {
        // 25 rates as auxiliary definitions (r1 = k1*y1, …), 20 species; reference: Test Set for IVP Solvers, t = 60.
        var set = OdeTestSet.Find("pollu")!;
        var problem = set.Create();
        Assert.Equal(20, problem.Variables.Count);
        Assert.Equal(25, problem.Definitions.Count);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = atol, Points = 2 });
        var scd = set.SignificantDigits([.. problem.Variables.Select(v => solution.Final[v])]);
        Assert.True(scd >= digits, $"{scd:F2} significant digits");
        Assert.True(solution.Steps <= maxSteps, $"{solution.Steps} steps");
    }

    [Theory]
    [InlineData(1e-8, 1e-10)]
    [InlineData(1e-8, 1e-9)]
    [InlineData(1e-6, 1e-11)]
    [InlineData(1e-6, 1e-12)]
    public void Vdpol_BdfStart_NoStepSizeUnderflow(double rtol, double atol)
    {
        // The initial step rule used 1/order with order 1: a first step of 2e-26 for ‖f‖ ~ 2e6, and "step size
        // underflow at t = 5.2e-148". SciPy's BDF, like ours now, takes the power 1/2.
        var set = OdeTestSet.Find("vdpol")!;
        var problem = set.Create();
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Bdf, RelativeTolerance = rtol, AbsoluteTolerance = atol, Points = 2 });
        Assert.True(set.SignificantDigits([.. problem.Variables.Select(v => solution.Final[v])]) >= 4.5);
    }

    [Theory]
    [InlineData(OdeMethod.Stiff, 1e-12)]
    [InlineData(OdeMethod.Stiff, 1e-10)]
    [InlineData(OdeMethod.Auto, 1e-12)]
    [InlineData(OdeMethod.Auto, 1e-10)]
    [InlineData(OdeMethod.Bdf, 1e-12)]
    public void E5_Rodas4_NoStepSizeUnderflow(OdeMethod method, double atol)
    {
        // Rodas4 stopped with step-size underflow here: the dense LU's wrong solves (see DenseLu_…) on E5's iteration matrix.
        var set = OdeTestSet.Find("e5")!;
        var problem = set.Create();
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = method, RelativeTolerance = 1e-6, AbsoluteTolerance = atol, Points = 2 });
        // At t = 1e13 every component is below 1e-21, far under atol: what can be asked is that they are within it.
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(solution.Final[problem.Variables[i]] - set.Reference![i]) <= 10 * atol, $"{problem.Variables[i]} = {solution.Final[problem.Variables[i]]:G3}");
        }

        Assert.True(solution.Steps < 1000, $"{solution.Steps} steps");
    }
}
