using MathNet.Numerics;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

/// <summary>Queries located on the dense output, against closed forms.</summary>
public class QueryTests
{
    private static OdeSolution Solve(string equation, string parameters, string initial, double t1, OdeMethod method = OdeMethod.Auto, int points = 11, double absoluteTolerance = 1e-10) =>
        OdeSolver.Solve(
            OdeProblem.Parse([equation], OdeSolverTests.Pairs(parameters), OdeSolverTests.Pairs(initial), 0, t1),
            new OdeOptions { Method = method, RelativeTolerance = 1e-10, AbsoluteTolerance = absoluteTolerance, Points = points, DenseOutput = true });

    [Theory]
    [InlineData(OdeMethod.Nonstiff)]
    [InlineData(OdeMethod.Stiff)]
    [InlineData(OdeMethod.Bdf)]
    [InlineData(OdeMethod.Radau)]
    [InlineData(OdeMethod.Dop853)]
    [InlineData(OdeMethod.Auto)]
    public void NewtonCooling_TimeWhenTReaches373_MatchesTheClosedForm(OdeMethod method)
    {
        // T = Ta + (T0 − Ta)·e^(−k t) reaches T* at t = ln((T0 − Ta)/(T* − Ta))/k = 250.5525… s, between output times.
        var solution = Solve("dT/dt = -k*(T - Ta)", "k=0.01,Ta=293.15", "T=1273.15", 600, method);
        var query = SolveQuery.TimeWhen("T", 373.15, CrossingDirection.Down) with { Tolerance = 1e-7 };
        var answer = SolveQueries.Answer(solution, query, new Dictionary<string, string> { ["t"] = "s" });
        var exact = Math.Log((1273.15 - 293.15) / (373.15 - 293.15)) / 0.01;
        Assert.Null(answer.Note);
        Assert.Equal("s", answer.Unit);
        Assert.True(Math.Abs(answer.Value!.Value - exact) <= 1e-6, $"{answer.Value:R} vs {exact:R}");
        Assert.Equal(373.15, answer.Target);
    }

    [Theory]
    [InlineData(OdeMethod.Nonstiff)]
    [InlineData(OdeMethod.Stiff)]
    [InlineData(OdeMethod.Bdf)]
    [InlineData(OdeMethod.Radau)]
    [InlineData(OdeMethod.Dop853)]
    public void TimeWhen_ASmallVariable_IsLocatedAsPreciselyAsALargeOne(OdeMethod method)
    {
        // Regression: a Deal–Grove oxide of 5e-7 m was reached at 9,016 s (dop853), 9,008 s (dopri5), 8,882 s (rodas4)
        // instead of the closed form's 8,903.29 s: Math.NET's Brent also stops once |x − target| is below its accuracy,
        // and the time tolerance (1e-10 of the span, ~1e-6) was larger than every |x − target|. The same problem in µm
        // (values a million times larger) had always been right.
        var solution = Solve("dx/dt = B/(A + 2*x)", "B=3.25e-17,A=8.41727e-8", "x=2.5e-8", 11129, method, absoluteTolerance: 1e-15);
        var answer = SolveQueries.Answer(solution, SolveQuery.TimeWhen("x", 5e-7, CrossingDirection.Up));
        var exact = ((5e-7 * 5e-7) + (8.41727e-8 * 5e-7) - (2.5e-8 * 2.5e-8) - (8.41727e-8 * 2.5e-8)) / 3.25e-17;
        Assert.True(Math.Abs(answer.Value!.Value - exact) <= 1e-5 * exact, $"{method}: {answer.Value:R} vs {exact:R}");
    }

    [Fact]
    public void NewtonCooling_RisingCrossingIsNotReached_WithANote()
    {
        var solution = Solve("dT/dt = -k*(T - Ta)", "k=0.01,Ta=293.15", "T=1273.15", 600);
        var answer = SolveQueries.Answer(solution, SolveQuery.TimeWhen("T", 373.15, CrossingDirection.Up));
        Assert.Null(answer.Value);
        Assert.Contains("does not reach 373.15 from below", answer.Note, StringComparison.Ordinal);
        var below = SolveQueries.Answer(solution, SolveQuery.TimeWhen("T", 200));
        Assert.Null(below.Value);
        Assert.Contains("solve to a later t1", below.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void FirstOrderDecay_HalfLifeIsLn2OverK(double k)
    {
        var solution = Solve("dc/dt = -k*c", $"k={k}", "c=2", 10);
        var answer = SolveQueries.Answer(solution, SolveQuery.HalfLife("c"));
        Assert.Equal(Math.Log(2) / k, answer.Value!.Value, 1e-8);
        // t90 of the change: 90 % of the way from c0 to c(t1).
        var t90 = SolveQueries.Answer(solution, SolveQuery.TimeToFractionOfChange("c", 0.9));
        var final = 2 * Math.Exp(-k * 10);
        Assert.Equal(-Math.Log((2 - (0.9 * (2 - final))) / 2) / k, t90.Value!.Value, 1e-8);
        var tenth = SolveQueries.Answer(solution, SolveQuery.TimeToFraction("c", 0.1));
        Assert.Equal(Math.Log(10) / k, tenth.Value!.Value, 1e-8);
    }

    [Fact]
    public void ValueAt_BetweenOutputTimes_UsesTheDenseOutput()
    {
        var solution = Solve("dy/dt = -y", "", "y=1", 1, points: 2);
        var answer = SolveQueries.Answer(solution, SolveQuery.ValueAtTime("y", 0.37));
        Assert.Equal(Math.Exp(-0.37), answer.Value!.Value, 1e-9);
        var outside = SolveQueries.Answer(solution, SolveQuery.ValueAtTime("y", 2));
        Assert.Null(outside.Value);
        Assert.Contains("outside the solved span", outside.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Oscillation_FirstCrossingInsideALongStepIsFound()
    {
        // x = cos t first reaches -0.99 at t = acos(-0.99), long before it comes back up.
        var problem = OdeProblem.Parse(["x'' = -x"], new Dictionary<string, double>(), OdeSolverTests.Pairs("x=1,x'=0"), 0, 20);
        var solution = OdeSolver.Solve(problem, new OdeOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12, Points = 2, DenseOutput = true });
        var answer = SolveQueries.Answer(solution, SolveQuery.TimeWhen("x", -0.99));
        Assert.Equal(Math.Acos(-0.99), answer.Value!.Value, 1e-7);
        var up = SolveQueries.Answer(solution, SolveQuery.TimeWhen("x", 0.5, CrossingDirection.Up));
        Assert.Equal((2 * Math.PI) - Math.Acos(0.5), up.Value!.Value, 1e-7);
    }

    [Theory]
    [InlineData(QueryKind.TimeWhen, "give the value to reach")]
    [InlineData(QueryKind.ValueAt, "give the time")]
    [InlineData(QueryKind.TimeToFraction, "give the fraction")]
    public void IncompleteQueries_AreOneLineErrors(QueryKind kind, string message)
    {
        var solution = Solve("dy/dt = -y", "", "y=1", 1);
        var e = Assert.Throws<ArgumentException>(() => SolveQueries.Answer(solution, new SolveQuery(kind, "y")));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("no variable 'q'", Assert.Throws<ArgumentException>(() => SolveQueries.Answer(solution, SolveQuery.HalfLife("q"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutDenseOutput_TheQuerySaysHowToGetIt()
    {
        var problem = OdeProblem.Parse(["dy/dt = -y"], new Dictionary<string, double>(), OdeSolverTests.Pairs("y=1"), 0, 1);
        var e = Assert.Throws<ArgumentException>(() => SolveQueries.Answer(OdeSolver.Solve(problem), SolveQuery.HalfLife("y")));
        Assert.Contains("DenseOutput = true", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.01, false)]
    [InlineData(0.5, true)]
    public void Fick_DepthWhereCOverCsReachesAFraction_MatchesErfc(double fraction, bool ofChange)
    {
        // c/cs = erfc(x / (2√(D t))) with c0 = 0, so x = 2√(D t)·erfc⁻¹(fraction).
        var template = OdeTemplates.Get("fick");
        var problem = template.CreateDiffusion(new Dictionary<string, double> { ["D"] = 2.5e-11, ["t1"] = 3600 });
        var solution = DiffusionSolver.Solve(problem, TemplateSolver.DefaultOptions(template) with { DenseOutput = true, RelativeTolerance = 1e-8 });
        var answer = SolveQueries.Answer(solution, SolveQuery.DepthWhere("c", fraction, ofChange), template.Units);
        var exact = 2 * Math.Sqrt(2.5e-11 * 3600) * SpecialFunctions.ErfcInv(fraction);
        Assert.Equal("m", answer.Unit);
        Assert.True(Math.Abs(answer.Value!.Value - exact) <= 2e-3 * exact, $"{answer.Value:R} vs {exact:R}");
        // Between output times, from the dense output.
        var earlier = SolveQueries.Answer(solution, SolveQuery.DepthWhere("c", fraction, ofChange) with { Time = 1000 });
        var exactEarlier = 2 * Math.Sqrt(2.5e-11 * 1000) * SpecialFunctions.ErfcInv(fraction);
        Assert.True(Math.Abs(earlier.Value!.Value - exactEarlier) <= 2e-3 * exactEarlier, $"{earlier.Value:R} vs {exactEarlier:R}");
    }

    [Fact]
    public void Fick_DepthNotReachedOnTheDomain_SaysSo()
    {
        var template = OdeTemplates.Get("fick");
        var solution = DiffusionSolver.Solve(template.CreateDiffusion(null), TemplateSolver.DefaultOptions(template) with { DenseOutput = true });
        var answer = SolveQueries.Answer(solution, SolveQuery.DepthWhere("c", 1.5));
        Assert.Null(answer.Value);
        Assert.Contains("is not reached", answer.Note, StringComparison.Ordinal);
    }
}
