using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

/// <summary>Auxiliary definitions: <c>r = k*y</c> lines that equations use.</summary>
public class DefinitionsTests
{
    private static OdeProblem Parse(params string[] lines) =>
        OdeProblem.Parse(lines, new Dictionary<string, double> { ["k"] = 2 }, new Dictionary<string, double> { ["y"] = 1, ["z"] = 0 }, 0, 1);

    [Fact]
    public void Definitions_InAnyOrder_AreSubstituted()
    {
        // r2 uses r1, which is defined after it; dy/dt = -2k·y, dz/dt = k·y: y = e^(-4t), z = (1 − e^(-4t))/2.
        var problem = Parse("r2 = 2*r1", "dy/dt = -r2", "r1 = k*y", "dz/dt = r1");
        Assert.Equal(["y", "z"], problem.Variables);
        Assert.Equal(["r2 = 2*r1", "r1 = k*y"], problem.Definitions);
        Assert.Equal("dy/dt = -r2", problem.Equations[0]);
        foreach (var method in new[] { OdeMethod.Nonstiff, OdeMethod.Stiff, OdeMethod.Bdf })
        {
            var solution = OdeSolver.Solve(problem, new OdeOptions { Method = method, Points = 2 });
            Assert.Equal(Math.Exp(-4), solution.Final["y"], 1e-7);
            Assert.Equal((1 - Math.Exp(-4)) / 2, solution.Final["z"], 1e-7);
        }
    }

    [Fact]
    public void SymbolicJacobian_DifferentiatesThroughDefinitions()
    {
        var problem = Parse("r = k*y^2*z", "dy/dt = -r", "dz/dt = r - z");
        var y = new[] { 0.7, 0.3 };
        var f = new double[2];
        problem.System.Evaluate(0, y, f);
        var jacobian = (DenseJacobian)problem.System.CreateJacobian(useAnalytic: true);
        jacobian.Update(0, y, f);
        // ∂(-r)/∂y = -2k·y·z, ∂(-r)/∂z = -k·y², ∂(r − z)/∂y = 2k·y·z, ∂(r − z)/∂z = k·y² − 1
        Assert.Equal([-0.84, -0.98, 0.84, -0.02], jacobian.Matrix.Select(v => Math.Round(v, 12)));
    }

    [Theory]
    [InlineData(new[] { "a = b", "b = a", "dy/dt = a" }, "refer to each other in a cycle")]
    [InlineData(new[] { "y = 2", "dy/dt = -y" }, "defined more than once")]
    [InlineData(new[] { "k = 3", "dy/dt = -k*y" }, "both a parameter and defined")]
    [InlineData(new[] { "t = 3", "dy/dt = -t" }, "'t' is time")]
    [InlineData(new[] { "r = q*y", "dy/dt = -r" }, "unknown name 'q' at column 5 of 'r = q*y'")]
    [InlineData(new[] { "r = y", "r = 2*y", "dy/dt = -r" }, "r is defined more than once")]
    public void BadDefinitions_GiveOneLineErrors(string[] lines, string expected)
    {
        var e = Assert.Throws<ExpressionException>(() => OdeProblem.Parse(lines, new Dictionary<string, double> { ["k"] = 2 }, new Dictionary<string, double> { ["y"] = 1 }, 0, 1));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DefinitionsThatGrowExponentially_AreRejectedNotExpanded()
    {
        // r1 = y*y, r2 = r1*r1, …: the substituted tree doubles with each line.
        var lines = Enumerable.Range(1, 40).Select(i => i == 1 ? "r1 = y*y" : $"r{i} = r{i - 1}*r{i - 1}").Append("dy/dt = -r40").ToArray();
        var e = Assert.Throws<ExpressionException>(() => OdeProblem.Parse(lines, new Dictionary<string, double>(), new Dictionary<string, double> { ["y"] = 1 }, 0, 1));
        Assert.Contains("nodes", e.Message, StringComparison.Ordinal);
    }
}
