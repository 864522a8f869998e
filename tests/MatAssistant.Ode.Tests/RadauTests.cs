using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

/// <summary>Radau IIA (order 5): convergence order, dense output, the Test Set problems, and auto's choice of it.</summary>
public class RadauTests
{
    private static readonly Dictionary<string, double> None = new();

    [Fact]
    public void FixedSteps_ConvergeWithOrderFive()
    {
        // y' = y cos t, y = exp(sin t) on [0, 2]: a fixed step (initial = max step, loose tolerance so none is rejected)
        // halved twice; the global error must fall by 2^5 per halving (order 5), within rounding of the slope.
        var problem = OdeProblem.Parse(["y' = y*cos(t)"], None, new Dictionary<string, double> { ["y"] = 1 }, 0, 2);
        double Error(double h)
        {
            var options = new OdeOptions { Method = OdeMethod.Radau, RelativeTolerance = 0.5, AbsoluteTolerance = 0.5, InitialStep = h, MaxStep = h, Points = 2 };
            var solution = OdeSolver.Solve(problem, options);
            Assert.Equal(0, solution.RejectedSteps);
            return Math.Abs(solution.Final["y"] - Math.Exp(Math.Sin(2)));
        }

        var errors = new[] { 0.2, 0.1, 0.05 }.Select(Error).ToArray();
        for (var i = 0; i + 1 < errors.Length; i++)
        {
            var order = Math.Log2(errors[i] / errors[i + 1]);
            Assert.InRange(order, 4.6, 5.6);
        }
    }

    [Fact]
    public void DenseOutput_IsTheCollocationPolynomial()
    {
        var problem = OdeProblem.Parse(["y' = -2*y + sin(t)"], None, new Dictionary<string, double> { ["y"] = 1 }, 0, 5);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Radau, RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-12, Points = 23, DenseOutput = true });
        // y = (2 sin t − cos t)/5 + (6/5) e^(−2t).
        static double Exact(double t) => (((2 * Math.Sin(t)) - Math.Cos(t)) / 5) + (1.2 * Math.Exp(-2 * t));
        for (var i = 0; i < solution.T.Count; i++)
        {
            Assert.Equal(Exact(solution.T[i]), solution.Values["y"][i], 1e-7);
        }

        Assert.Equal(Exact(3.3), solution.Dense!.Value(3.3, 0), 1e-7);
        Assert.Equal("radau", solution.Method);
        Assert.True(solution.Stiff);
    }

    [Theory]
    [InlineData("hires", 1e-8, 1e-12, 8.5)]
    [InlineData("orego", 1e-8, 1e-8, 9)]
    [InlineData("pollu", 1e-8, 1e-8, 9)]
    [InlineData("rober", 1e-8, 1e-14, 10)]
    [InlineData("vdpol", 1e-6, 1e-6, 7.5)]
    [InlineData("hires", 1e-6, 1e-10, 6.5)]
    public void TestSet_SolvedToTheReference(string name, double rtol, double atol, double digits)
    {
        var set = OdeTestSet.Find(name)!;
        var problem = set.Create();
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Radau, RelativeTolerance = rtol, AbsoluteTolerance = atol, Points = 2, MaxSteps = 100_000 });
        var scd = set.SignificantDigits([.. problem.Variables.Select(v => solution.Final[v])]);
        Assert.True(scd >= digits, $"{name}: {scd:F2} significant digits");
    }

    [Fact]
    public void E5_RadauBlowsUpAtLooseAtol_AutoSolvesAgainWithRodas4()
    {
        // With atol 1e-12 ≫ E5's 1e-22 concentrations, Radau's stages go negative and the solution blows up (SciPy's
        // Radau stops there too, "required step size is less than spacing between numbers"); auto retries with Rodas4
        // and says so, counting both runs.
        var set = OdeTestSet.Find("e5")!;
        var problem = set.Create();
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-12, Points = 2 };
        Assert.False(OdeSolver.TrySolve(problem, options with { Method = OdeMethod.Radau }, out _, out var failure));
        Assert.Equal(OdeFailureKind.StepSizeUnderflow, failure!.Kind);
        var auto = OdeSolver.Solve(problem, options);
        Assert.StartsWith("rodas4 (after radau: step size underflow at t = ", auto.Method, StringComparison.Ordinal);
        var alone = OdeSolver.Solve(problem, options with { Method = OdeMethod.Stiff });
        Assert.True(auto.FunctionEvaluations > alone.FunctionEvaluations);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(auto.Final[problem.Variables[i]] - set.Reference![i]) <= 10 * options.AbsoluteTolerance);
        }
    }

    [Theory]
    [InlineData("pollu", 1e-4, "rodas4")]
    [InlineData("pollu", 1e-8, "radau")]
    [InlineData("vdpol", 1e-8, "radau")]
    [InlineData("hires", 1e-8, "dop853+radau")]
    [InlineData("hires", 1e-4, "dopri5+rodas4")]
    public void Auto_PicksRadauAtTightTolerances(string name, double rtol, string method)
    {
        // Stiff from the start (POLLU, VDPOL: a decay rate at t0 of more than 1e4 e-folds over the span) or after the
        // explicit phase's stiffness test (HIRES); Radau IIA below rtol 3e-5, Rodas4 above.
        var problem = OdeTestSet.Find(name)!.Create();
        var solution = OdeSolver.Solve(problem, new OdeOptions { RelativeTolerance = rtol, AbsoluteTolerance = rtol, Points = 2 });
        Assert.Equal(method, solution.Method);
        Assert.True(solution.Stiff);
    }

    [Fact]
    public void Pollu_AutoAtLooseTolerance_IsCheap()
    {
        // Before the start check, auto spent 240 explicit evaluations before switching (314 in all, SciPy's BDF 107).
        var set = OdeTestSet.Find("pollu")!;
        var problem = set.Create();
        var solution = OdeSolver.Solve(problem, new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-4, Points = 2 });
        Assert.True(solution.FunctionEvaluations <= 120, $"{solution.FunctionEvaluations} evaluations");
        Assert.True(set.SignificantDigits([.. problem.Variables.Select(v => solution.Final[v])]) >= 5);
    }

    [Theory]
    [InlineData("arenstorf")]
    [InlineData("kepler")]
    [InlineData("lotka")]
    [InlineData("brusselator")]
    public void Auto_NonStiffProblems_StayExplicit(string name)
    {
        var problem = OdeTestSet.Find(name)!.Create();
        var solution = OdeSolver.Solve(problem, new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-9, Points = 2 });
        Assert.Equal("dop853", solution.Method);
        Assert.False(solution.Stiff);
    }

    [Theory]
    [InlineData("radau", OdeMethod.Radau)]
    [InlineData("Radau5", OdeMethod.Radau)]
    [InlineData("dop853", OdeMethod.Dop853)]
    [InlineData("rodas4", OdeMethod.Stiff)]
    [InlineData(" BDF ", OdeMethod.Bdf)]
    [InlineData("rk45", OdeMethod.Nonstiff)]
    public void MethodNames_AreRead(string text, OdeMethod expected)
    {
        Assert.True(OdeMethodNames.TryParse(text, out var method));
        Assert.Equal(expected, method);
        Assert.Equal(expected, OdeMethodNames.Parse(text));
    }

    [Fact]
    public void MethodNames_UnknownNameListsTheKnownOnes()
    {
        Assert.False(OdeMethodNames.TryParse("euler", out _));
        var error = Assert.Throws<ArgumentException>(() => OdeMethodNames.Parse("euler"));
        Assert.Equal("method 'euler' is not known: use auto, nonstiff, stiff, bdf, dop853 or radau.", error.Message);
    }
}
