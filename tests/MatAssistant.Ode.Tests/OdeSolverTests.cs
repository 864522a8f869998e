using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

public class OdeSolverTests
{
    private static OdeProblem Problem(string[] equations, string parameters, string initial, double t1, double t0 = 0) =>
        OdeProblem.Parse(equations, Pairs(parameters), Pairs(initial), t0, t1);

    internal static Dictionary<string, double> Pairs(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0].Trim(), p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

    private static void AssertClose(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"expected {expected:R}, got {actual:R} (error {Math.Abs(actual - expected):E2} > {tolerance:E1})");

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2} > {tolerance:E1})");

    [Theory]
    [InlineData(OdeMethod.Nonstiff)]
    [InlineData(OdeMethod.Stiff)]
    [InlineData(OdeMethod.Auto)]
    [InlineData(OdeMethod.Bdf)]
    public void ExponentialDecay_MatchesAnalytic(OdeMethod method)
    {
        var solution = OdeSolver.Solve(Problem(["dy/dt = -k*y"], "k=2", "y=1", 5), new OdeOptions { Method = method });
        AssertRelative(Math.Exp(-10), solution.Final["y"], 1e-6);
        for (var i = 0; i < solution.T.Count; i++)
        {
            AssertClose(Math.Exp(-2 * solution.T[i]), solution.Values["y"][i], 1e-7);
        }
    }

    [Theory]
    [InlineData(OdeMethod.Nonstiff)]
    [InlineData(OdeMethod.Stiff)]
    [InlineData(OdeMethod.Bdf)]
    public void LogisticGrowth_MatchesAnalytic(OdeMethod method)
    {
        // N(t) = K / (1 + (K/N0 - 1) e^(-r t))
        var solution = OdeSolver.Solve(Problem(["N' = r*N*(1 - N/K)"], "r=0.8,K=100", "N=2", 20), new OdeOptions { Method = method });
        for (var i = 0; i < solution.T.Count; i++)
        {
            var exact = 100 / (1 + (49 * Math.Exp(-0.8 * solution.T[i])));
            AssertRelative(exact, solution.Values["N"][i], 1e-6);
        }
    }

    [Fact]
    public void HarmonicOscillator_SecondOrderIsReduced()
    {
        var problem = Problem(["x'' = -w^2*x"], "w=3", "x=1,x'=0", 10);
        Assert.Equal(["x", "x'"], problem.Variables);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Nonstiff });
        for (var i = 0; i < solution.T.Count; i++)
        {
            AssertClose(Math.Cos(3 * solution.T[i]), solution.Values["x"][i], 1e-6);
            AssertClose(-3 * Math.Sin(3 * solution.T[i]), solution.Values["x'"][i], 3e-6);
        }
    }

    [Fact]
    public void LeibnizSecondOrder_IsAccepted()
    {
        var problem = Problem(["d2x/dt2 = -x"], "", "x=0,x'=1", 1);
        AssertRelative(Math.Sin(1), OdeSolver.Solve(problem).Final["x"], 1e-7);
    }

    [Fact]
    public void SecondOrderKinetics_MatchesAnalytic()
    {
        // dc/dt = -k c², c = c0 / (1 + k c0 t)
        var solution = OdeSolver.Solve(Problem(["dc/dt = -k*c^2"], "k=0.5", "c=2", 30));
        AssertRelative(2 / (1 + 30.0), solution.Final["c"], 1e-7);
    }

    [Fact]
    public void Jmak_MatchesAnalytic()
    {
        // X = 1 − exp(−(k t)^n)
        var solution = OdeSolver.Solve(Problem(["dX/dt = n*k*(k*t)^(n-1)*(1 - X)"], "k=0.1,n=2.5", "X=0", 20));
        for (var i = 0; i < solution.T.Count; i++)
        {
            AssertClose(1 - Math.Exp(-Math.Pow(0.1 * solution.T[i], 2.5)), solution.Values["X"][i], 1e-7);
        }
    }

    [Fact]
    public void TimeDependentForcing_StiffSolverUsesTimeDerivative()
    {
        // y' = -50 (y - cos t): stiff, non-autonomous; exact solution known.
        var solution = OdeSolver.Solve(Problem(["dy/dt = -50*(y - cos(t))"], "", "y=0", 2), new OdeOptions { Method = OdeMethod.Stiff });
        static double Exact(double t) => (2500.0 / 2501 * Math.Cos(t)) + (50.0 / 2501 * Math.Sin(t)) - (2500.0 / 2501 * Math.Exp(-50 * t));
        AssertRelative(Exact(2), solution.Final["y"], 1e-6);
    }

    /// <summary>Fixed steps (huge tolerances, InitialStep = MaxStep = h): the error ratio over halved steps gives the order.</summary>
    [Theory]
    [InlineData(OdeMethod.Nonstiff, 5.0, 20)]
    [InlineData(OdeMethod.Stiff, 4.0, 80)]
    [InlineData(OdeMethod.Dop853, 8.0, 5)]
    public void ConvergenceOrder_IsMeasured(OdeMethod method, double expectedOrder, int coarseSteps)
    {
        // y' = y cos t, y(0) = 1: y = exp(sin t); smooth and non-autonomous.
        var problem = Problem(["y' = y*cos(t)"], "", "y=1", 2);
        var exact = Math.Exp(Math.Sin(2));
        double ErrorWith(int steps)
        {
            var h = 2.0 / steps;
            var options = new OdeOptions { Method = method, RelativeTolerance = 0.5, AbsoluteTolerance = 1e10, InitialStep = h, MaxStep = h, Points = 2 };
            var solution = OdeSolver.Solve(problem, options);
            Assert.Equal(steps, solution.Steps);
            return Math.Abs(solution.Final["y"] - exact);
        }

        var coarse = ErrorWith(coarseSteps);
        var fine = ErrorWith(2 * coarseSteps);
        var order = Math.Log2(coarse / fine);
        Assert.InRange(order, expectedOrder - 0.25, expectedOrder + 0.4);
    }

    [Theory]
    [InlineData(40.0, 0.7158270687193135, 9.185534764529399e-06, 0.2841637457042172)]
    [InlineData(1e11, 2.08334015e-08, 8.33336077e-14, 0.999999979)]
    public void Robertson_IsSolvedStiffly(double t1, double y1, double y2, double y3)
    {
        foreach (var method in new[] { OdeMethod.Auto, OdeMethod.Bdf })
        {
            Robertson(t1, y1, y2, y3, method);
        }
    }

    private static void Robertson(double t1, double y1, double y2, double y3, OdeMethod method)
    {
        var problem = Problem(
            ["dy1/dt = -0.04*y1 + 1e4*y2*y3", "dy2/dt = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2", "dy3/dt = 3e7*y2^2"], "", "y1=1,y2=0,y3=0", t1);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = method, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-14, Points = 2 });
        Assert.True(solution.Stiff);
        AssertRelative(y1, solution.Final["y1"], 1e-4);
        AssertRelative(y2, solution.Final["y2"], 1e-3);
        AssertRelative(y3, solution.Final["y3"], 1e-6);
        Assert.True(solution.Steps < 2000, $"{solution.Steps} steps");
    }

    [Theory]
    [InlineData(OdeMethod.Auto)]
    [InlineData(OdeMethod.Bdf)]
    public void VanDerPol_Mu1000_IsSolvedStiffly(OdeMethod method)
    {
        var problem = Problem(["x' = v", "v' = mu*((1 - x^2)*v) - x"], "mu=1000", "x=2,v=0", 3000);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = method, RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-8 });
        Assert.True(solution.Stiff);
        // Reference: SciPy's Radau at rtol 1e-11, atol 1e-12 gives x(3000) = -1.51060694.
        AssertClose(-1.51060694, solution.Final["x"], 1e-4);
        Assert.True(solution.Steps < 5000, $"{solution.Steps} steps");
    }

    [Fact]
    public void FiniteDifferenceJacobian_AgreesWithSymbolic()
    {
        var problem = Problem(["x' = v", "v' = mu*((1 - x^2)*v) - x"], "mu=10", "x=2,v=0", 20);
        var symbolic = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Stiff });
        var numeric = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Stiff, Jacobian = JacobianSource.FiniteDifference });
        Assert.Equal("symbolic", symbolic.Jacobian);
        Assert.Equal("finite-difference", numeric.Jacobian);
        AssertClose(symbolic.Final["x"], numeric.Final["x"], 1e-5);
        Assert.True(numeric.FunctionEvaluations > symbolic.FunctionEvaluations);
    }

    [Fact]
    public void BlowUp_IsReportedNotReturned()
    {
        // y' = y², y(0) = 1: y = 1/(1 − t) blows up at t = 1.
        Assert.False(OdeSolver.TrySolve(Problem(["y' = y^2"], "", "y=1", 2), null, out var solution, out var failure));
        Assert.Null(solution);
        Assert.Contains(failure!.Kind, new[] { OdeFailureKind.StepSizeUnderflow, OdeFailureKind.NonFinite });
        Assert.InRange(failure.Time, 0.99, 1.001);
    }

    [Fact]
    public void NonFiniteDerivative_NamesTheVariable()
    {
        var failure = Assert.Throws<OdeSolverException>(() => OdeSolver.Solve(Problem(["a' = 1", "b' = log(b)"], "", "a=1,b=0", 1))).Failure;
        Assert.Equal(OdeFailureKind.NonFinite, failure.Kind);
        Assert.Equal("b", failure.Variable);
        Assert.Contains("db/dt", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxSteps_IsReported()
    {
        var failure = Assert.Throws<OdeSolverException>(() => OdeSolver.Solve(Problem(["y' = -k*y"], "k=1", "y=1", 100), new OdeOptions { MaxSteps = 3 })).Failure;
        Assert.Equal(OdeFailureKind.MaxSteps, failure.Kind);
    }

    [Fact]
    public void SingularMatrix_IsReported()
    {
        // J = 4/(h γ) exactly when h = 1: the shifted matrix is singular for the first step and every halving keeps it
        // regular again, so the solver recovers; a NaN Jacobian can never be factored and is reported.
        var failure = Assert.Throws<OdeSolverException>(() => OdeSolver.Solve(Problem(["y' = sqrt(y - 1)*0 + 1"], "", "y=0", 1), new OdeOptions { Method = OdeMethod.Stiff })).Failure;
        Assert.Contains(failure.Kind, new[] { OdeFailureKind.SingularJacobian, OdeFailureKind.NonFinite });
    }

    [Theory]
    [InlineData("dy/dt = -k*yy", "unknown name 'yy'")]
    [InlineData("y = -k*y", "is not a derivative")]
    [InlineData("dy/dt -k*y", "is not an equation")]
    [InlineData("dy/dt = -k*", "expression ends too early at column 12")]
    public void BadEquations_GiveOneLineErrors(string equation, string expected)
    {
        Assert.False(OdeProblem.TryParse([equation], Pairs("k=1"), Pairs("y=1"), 0, 1, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error!);
    }

    [Fact]
    public void UnknownName_ListsKnownNames()
    {
        var e = Assert.Throws<ExpressionException>(() => OdeProblem.Parse(["dy/dt = -k*yy"], Pairs("k=2"), Pairs("y=1"), 0, 5));
        Assert.Equal("unknown name 'yy' at column 12 of 'dy/dt = -k*yy'; known names: y, k, t, pi, e, R, kB, NA, F, h, kB_eV", e.Message);
    }

    [Fact]
    public void MissingInitialValue_IsNamed()
    {
        var e = Assert.Throws<ExpressionException>(() => OdeProblem.Parse(["x'' = -x"], Pairs(""), Pairs("x=1"), 0, 5));
        Assert.Contains("no initial value for x'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitialValueWithoutEquation_IsNamed()
    {
        var e = Assert.Throws<ExpressionException>(() => OdeProblem.Parse(["y' = -y"], Pairs(""), Pairs("y=1,z=2"), 0, 5));
        Assert.Contains("z, which has no equation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersShadowConstants()
    {
        // A user may call a heat-transfer coefficient h; it must not be Planck's constant.
        var solution = OdeSolver.Solve(Problem(["dT/dt = -h*(T - 300)"], "h=0.1", "T=400", 10));
        AssertRelative(300 + (100 * Math.Exp(-1)), solution.Final["T"], 1e-7);
    }

    [Fact]
    public void LogarithmicOutputTimes_SpanDecades()
    {
        var solution = OdeSolver.Solve(Problem(["y' = -y"], "", "y=1", 1000), new OdeOptions { Spacing = OutputSpacing.Logarithmic, Points = 13 });
        Assert.Equal(0, solution.T[0]);
        Assert.InRange(solution.T[1], 1000 * 1e-15, 1000 * 1e-3);
        Assert.Equal(1000, solution.T[^1]);
        Assert.Equal(solution.T[3] / solution.T[2], solution.T[2] / solution.T[1], 9);
    }
}

public class RegressionTests
{
    [Fact]
    public void SymbolicJacobian_MatchesFiniteDifferences_OnRobertson()
    {
        var problem = OdeProblem.Parse(
            ["dy1/dt = -0.04*y1 + 1e4*y2*y3", "dy2/dt = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2", "dy3/dt = 3e7*y2^2"],
            new Dictionary<string, double>(), OdeSolverTests.Pairs("y1=0.9,y2=1e-5,y3=0.1"), 0, 1);
        double[] y = [0.9, 1e-5, 0.1];
        var f = new double[3];
        problem.System.Evaluate(0, y, f);
        var symbolic = (DenseJacobian)problem.System.CreateJacobian(useAnalytic: true);
        var numeric = (DenseJacobian)problem.System.CreateJacobian(useAnalytic: false);
        symbolic.Update(0, y, f);
        numeric.Update(0, y, f);
        Assert.Equal("symbolic", symbolic.Kind);
        for (var k = 0; k < 9; k++)
        {
            Assert.True(Math.Abs(symbolic.Matrix[k] - numeric.Matrix[k]) <= 1e-5 * Math.Max(1, Math.Abs(symbolic.Matrix[k])), $"entry {k}: {symbolic.Matrix[k]} vs {numeric.Matrix[k]}");
        }

        // ∂f2/∂y2 = −1e4·y3 − 6e7·y2
        Assert.Equal((-1e4 * 0.1) - (6e7 * 1e-5), symbolic.Matrix[4], 9);
    }

    /// <summary>With Hairer's 3.25 threshold, auto ran 3,889 explicit steps on Robertson at rtol 1e-8 before switching.</summary>
    [Theory]
    [InlineData(1e-8, "dop853+radau")]
    [InlineData(1e-6, "dop853+radau")]
    [InlineData(1e-4, "dopri5+rodas4")]
    public void AutoSwitch_RobertsonAtTightTolerance_SwitchesEarly(double rtol, string method)
    {
        var problem = OdeTemplates.Get("robertson").CreateProblem();
        var solution = OdeSolver.Solve(problem, new OdeOptions { RelativeTolerance = rtol, AbsoluteTolerance = 1e-14, Points = 2 });
        Assert.Equal(method, solution.Method);
        Assert.InRange(solution.SwitchTime!.Value, 0, 1);
        Assert.True(solution.Steps < 1000, $"{solution.Steps} steps");
    }

    [Fact]
    public void Bdf_DenseOutput_FollowsTheSolutionBetweenSteps()
    {
        var problem = OdeProblem.Parse(["y' = -y + sin(t)"], new Dictionary<string, double>(), OdeSolverTests.Pairs("y=1"), 0, 10);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Bdf, RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10, Points = 57 });
        for (var i = 0; i < solution.T.Count; i++)
        {
            var t = solution.T[i];
            var exact = (1.5 * Math.Exp(-t)) + (0.5 * (Math.Sin(t) - Math.Cos(t)));
            Assert.True(Math.Abs(solution.Values["y"][i] - exact) < 1e-6, $"t={t}: {solution.Values["y"][i]} vs {exact}");
        }
    }
}

public class TypographyTests
{
    [Fact]
    public void PastedEquation_WithUnicodeMinusAndPrime_IsRead()
    {
        var problem = OdeProblem.Parse(["y′ = −k·y"], OdeSolverTests.Pairs("k=2"), OdeSolverTests.Pairs("y=1"), 0, 1);
        Assert.Equal(Math.Exp(-2), OdeSolver.Solve(problem).Final["y"], 7);
    }
}
