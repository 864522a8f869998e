using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

/// <summary>DOP853 and auto's choice of it at tight tolerances.</summary>
public class Dop853Tests
{
    [Fact]
    public void DenseOutputAndFinal_MatchTheExactSolution()
    {
        // y' = y cos t: y = exp(sin t); the output times fall inside steps, so they test the 7th-order interpolant.
        var problem = OdeProblem.Parse(["y' = y*cos(t)"], new Dictionary<string, double>(), new Dictionary<string, double> { ["y"] = 1 }, 0, 10);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = OdeMethod.Dop853, RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-12, Points = 37, DenseOutput = true });
        for (var i = 0; i < solution.T.Count; i++)
        {
            Assert.Equal(Math.Exp(Math.Sin(solution.T[i])), solution.Values["y"][i], 1e-8);
        }

        Assert.Equal(Math.Exp(Math.Sin(7.3)), solution.Dense!.Value(7.3, 0), 1e-8);
    }

    [Fact]
    public void Arenstorf_TightTolerance_NeedsFewerEvaluationsThanDormandPrince()
    {
        var set = OdeTestSet.Find("arenstorf")!;
        var problem = set.Create();
        var options = new OdeOptions { RelativeTolerance = 1e-10, AbsoluteTolerance = 1e-13, Points = 2 };
        var dopri = OdeSolver.Solve(problem, options with { Method = OdeMethod.Nonstiff });
        var dop853 = OdeSolver.Solve(problem, options with { Method = OdeMethod.Dop853 });
        var auto = OdeSolver.Solve(problem, options);
        Assert.Equal("dop853", auto.Method);
        Assert.True(dop853.FunctionEvaluations < dopri.FunctionEvaluations / 2, $"dop853 {dop853.FunctionEvaluations}, dopri5 {dopri.FunctionEvaluations}");
        Assert.True(set.SignificantDigits([.. problem.Variables.Select(v => dop853.Final[v])]) >= 4);
    }

    [Fact]
    public void Auto_TightTolerance_StillSwitchesOnStiffProblems()
    {
        // HIRES is not stiff at t0 by auto's start check, so DOP853 runs first and its stiffness test hands over.
        var problem = OdeTestSet.Find("hires")!.Create();
        var solution = OdeSolver.Solve(problem, new OdeOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-12, Points = 2 });
        Assert.Equal("dop853+radau", solution.Method);
        Assert.True(solution.Stiff);
    }
}
