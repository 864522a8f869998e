using MathNet.Numerics;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

public class DiffusionTests
{
    [Theory]
    [InlineData(2.5e-11, 3600.0)]
    [InlineData(1e-9, 100.0)]
    public void Fick_ConstantSurface_MatchesErfc(double d, double t1)
    {
        var length = 10 * Math.Sqrt(d * t1);
        var problem = new DiffusionProblem
        {
            Diffusivity = d, Length = length, T1 = t1, Nodes = 201,
            Left = Boundary.Dirichlet("cs"), Right = Boundary.Dirichlet("0"),
            Parameters = new Dictionary<string, double> { ["cs"] = 1.2 },
        };
        var solution = DiffusionSolver.Solve(problem, new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-9, OutputTimes = [t1 / 4, t1] });
        Assert.Equal(2, solution.Profiles.Count);
        for (var k = 0; k < 2; k++)
        {
            var t = solution.Times[k];
            for (var i = 0; i < solution.X.Count; i++)
            {
                var exact = 1.2 * SpecialFunctions.Erfc(solution.X[i] / (2 * Math.Sqrt(d * t)));
                Assert.True(Math.Abs(solution.Profiles[k][i] - exact) < 2e-3 * 1.2, $"t={t} x={solution.X[i]}: {solution.Profiles[k][i]} vs {exact}");
            }
        }

        Assert.Equal(1.2, solution.Final[0]);
    }

    [Fact]
    public void NeumannNoFlux_ConservesMass()
    {
        var problem = new DiffusionProblem
        {
            Diffusivity = 1, Length = 1, T1 = 0.05, Nodes = 101, Initial = "exp(-((x - 0.3)/0.05)^2)",
        };
        var solution = DiffusionSolver.Solve(problem);
        static double Mass(double[] c) => (c.Sum() - (0.5 * (c[0] + c[^1]))) * 0.01;
        Assert.Equal(Mass(solution.Profiles[0]), Mass(solution.Final), 9);
    }

    [Fact]
    public void RobinCooling_ApproachesSurroundings_AndMatchesSlowestMode()
    {
        // Slab [0, L], symmetric at 0, heat loss h(T − T∞) at L: with Bi = hL/k the late solution decays as
        // exp(−λ² α t / L²) with λ tan λ = Bi. For Bi = 1, λ = 0.8603.
        const double alpha = 1e-5, k = 50, h = 5000, length = 0.01;
        var problem = new DiffusionProblem
        {
            Diffusivity = alpha, Length = length, T1 = 20, Nodes = 201, Initial = "1000",
            Left = Boundary.Neumann(), Right = Boundary.Robin(h, k, "h*Tinf"), Field = "T",
            Parameters = new Dictionary<string, double> { ["h"] = h, ["Tinf"] = 300 },
        };
        var solution = DiffusionSolver.Solve(problem, new OdeOptions { OutputTimes = [10, 20] });
        var decay = Math.Log((solution.Profiles[0][0] - 300) / (solution.Profiles[1][0] - 300)) / 10;
        Assert.Equal(0.8603 * 0.8603 * alpha / (length * length), decay, 3);
    }

    [Fact]
    public void SourceTerm_FirstOrderLoss_UsesItsDerivative()
    {
        // c_t = D c_xx − k c with no flux and uniform start: c = exp(−k t) everywhere.
        var problem = new DiffusionProblem
        {
            Diffusivity = 1e-3, Length = 1, T1 = 2, Nodes = 21, Initial = "1", Source = "-k*c",
            Parameters = new Dictionary<string, double> { ["k"] = 1.5 },
        };
        var solution = DiffusionSolver.Solve(problem);
        Assert.All(solution.Final, c => Assert.Equal(Math.Exp(-3), c, 7));
    }

    [Fact]
    public void TimeDependentBoundary_IsFollowed()
    {
        var problem = new DiffusionProblem
        {
            Diffusivity = 1, Length = 0.1, T1 = 1, Nodes = 11, Left = Boundary.Dirichlet("t"), Right = Boundary.Dirichlet("t"),
        };
        var solution = DiffusionSolver.Solve(problem);
        Assert.All(solution.Final, c => Assert.Equal(1, c, 2));
    }

    [Fact]
    public void UnknownNameInSource_IsOneLine()
    {
        var problem = new DiffusionProblem { Diffusivity = 1, Length = 1, T1 = 1, Source = "-kk*c" };
        Assert.False(DiffusionSolver.TrySolve(problem, null, out _, out var error));
        Assert.Contains("unknown name 'kk'", error, StringComparison.Ordinal);
    }
}
