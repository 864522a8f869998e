using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

public class TemplateTests
{
    [Theory]
    [InlineData("arrhenius")]
    [InlineData("nth-order")]
    [InlineData("jmak")]
    [InlineData("newton-cooling")]
    [InlineData("parabolic-growth")]
    public void OdeTemplates_MatchTheirClosedForm(string name)
    {
        var template = OdeTemplates.Get(name);
        var problem = template.CreateProblem();
        var solution = OdeSolver.Solve(problem);
        var p = template.Resolve(null);
        var variable = problem.Variables[0];
        for (var i = 0; i < solution.T.Count; i++)
        {
            var exact = template.Analytic!(p, solution.T[i], 0);
            Assert.True(Math.Abs(solution.Values[variable][i] - exact) <= 1e-6 * Math.Max(1, Math.Abs(exact)), $"{name} t={solution.T[i]}: {solution.Values[variable][i]} vs {exact}");
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.02)]   // zero order: gone at c0/k = 50
    [InlineData(0.5, 1.0, 0.02)]   // half order: gone at c0^0.5/(0.5·k) = 100
    public void NthOrder_BelowFirstOrder_UsesTheReactantUpAndStaysAtZero(double n, double c0, double k)
    {
        // Regression: dc/dt = −k·c^n with n = 0 went on falling below 0 after the reactant ran out (and c^0.5 of a
        // negative c was NaN); the guarded template stops at 0, as its closed form does.
        var template = OdeTemplates.Get("nth-order");
        var gone = Math.Pow(c0, 1 - n) / ((1 - n) * k);
        var overrides = new Dictionary<string, double> { ["n"] = n, ["c0"] = c0, ["k"] = k, ["t1"] = 2 * gone };
        var solution = OdeSolver.Solve(template.CreateProblem(overrides), new OdeOptions { DenseOutput = true });
        Assert.All(solution.Values["c"], c => Assert.True(c > -1e-9, $"c = {c}"));
        Assert.Equal(0, solution.Final["c"], 9);
        Assert.Equal(0, template.Analytic!(template.Resolve(overrides), 1.5 * gone, 0));
        var used = SolveQueries.Answer(solution, SolveQuery.TimeToFraction("c", 0));
        Assert.Equal(gone, used.Value!.Value, gone * 1e-6);
    }

    [Theory]
    [InlineData("B", -1.0, "must be positive")]
    [InlineData("A", -1e-6, "0 or more")]
    [InlineData("x0", -1e-9, "0 or more")]
    [InlineData("x0", 0.0, "infinite rate")]
    public void ParabolicGrowth_RefusesParametersWithoutPhysicalSense(string name, double value, string expected)
    {
        // Regression: A < 0 or x0 < 0 integrated a shrinking or negative layer with exit code 0.
        var e = Assert.Throws<ExpressionException>(() => OdeTemplates.Get("parabolic-growth").CreateProblem(new Dictionary<string, double> { [name] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.NotNull(OdeTemplates.Get("parabolic-growth").CreateProblem(new Dictionary<string, double> { ["x0"] = 0, ["A"] = 1e-7 }));
    }

    [Fact]
    public void Fick_CarbonIntoIron_MatchesErfc()
    {
        // "carbon diffusing into iron at 1000 K for one hour, D = 2.5e-11 m²/s"
        var template = OdeTemplates.Get("fick");
        var overrides = new Dictionary<string, double> { ["D"] = 2.5e-11, ["t1"] = 3600, ["cs"] = 0.8, ["c0"] = 0.2 };
        var solution = DiffusionSolver.Solve(template.CreateDiffusion(overrides), new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-10 });
        var p = template.Resolve(overrides);
        var worst = solution.X.Select((x, i) => Math.Abs(solution.Final[i] - template.Analytic!(p, 3600, x))).Max();
        Assert.True(worst < 1e-3, $"max error {worst}");
    }

    [Fact]
    public void Robertson_Template_IsStiffWithClassicValues()
    {
        var solution = OdeSolver.Solve(OdeTemplates.Get("robertson").CreateProblem(), new OdeOptions { AbsoluteTolerance = 1e-14 });
        Assert.True(solution.Stiff);
        Assert.Equal(0.71583, solution.Final["y1"], 4);
        Assert.Equal(0.28416, solution.Final["y3"], 4);
    }

    [Fact]
    public void HeatSlab_CoolsTowardsSurroundings()
    {
        var solution = DiffusionSolver.Solve(OdeTemplates.Get("heat-slab").CreateDiffusion());
        Assert.InRange(solution.Final[0], 293.15, 1123.15);
        Assert.True(solution.Final[0] >= solution.Final[^1], "the centre stays hotter than the surface");
    }

    /// <summary>
    /// A 2 cm plate at 20 °C with its faces held at 300 °C, α = 1.2e-5 m²/s: at t = 3 s (Fo = 0.36) the series gives
    /// θ(0) = 0.52363, T(0) = 153.384 °C (first term alone 0.5236… too, the higher terms are below 1e-5 there).
    /// </summary>
    [Fact]
    public void HeatPlate_CentreMatchesTheFourierSeries()
    {
        var parameters = new Dictionary<string, double> { ["alpha"] = 1.2e-5, ["L"] = 0.01, ["T0"] = 293.15, ["Ts"] = 573.15, ["t1"] = 3 };
        var result = TemplateSolver.Solve("heat-plate", parameters);
        Assert.NotNull(result.Diffusion);
        Assert.Equal(153.384 + 273.15, result.Diffusion!.Final[0], 1);
        Assert.True(result.Analytic!.MaxAbsError < 1.0, $"largest difference from the series {result.Analytic.MaxAbsError} K");
        Assert.Equal(0.523628, OdeTemplates.PlateSeries(0.36, 0), 5);
        Assert.Equal(0, OdeTemplates.PlateSeries(0.36, 1), 12);
    }

    /// <summary>
    /// A thick wall at 20 °C whose surface is held at 100 °C, α = 1e-5 m²/s: 1 cm inside after 60 s the closed form gives
    /// T = 100 − 80·erf(0.01/(2√(6e-4))) = 100 − 80·erf(0.20412) = 81.826 °C.
    /// </summary>
    [Fact]
    public void HeatSemiInfinite_MatchesTheErfSolution()
    {
        var parameters = new Dictionary<string, double> { ["alpha"] = 1e-5, ["Ts"] = 373.15, ["Ti"] = 293.15, ["t1"] = 60 };
        var result = TemplateSolver.Solve("heat-semi-infinite", parameters);
        Assert.NotNull(result.Diffusion);
        var x = result.Diffusion!.X;
        var i = Enumerable.Range(0, x.Count).First(k => x[k] >= 0.01);
        var at = result.Diffusion.Final[i - 1] + ((result.Diffusion.Final[i] - result.Diffusion.Final[i - 1]) * (0.01 - x[i - 1]) / (x[i] - x[i - 1]));
        Assert.Equal(81.826 + 273.15, at, 0.05);
        Assert.True(result.Analytic!.MaxAbsError < 0.1, $"largest difference from the closed form {result.Analytic.MaxAbsError} K");
    }

    [Fact]
    public void UnknownTemplateParameter_ListsTheKnownOnes()
    {
        var e = Assert.Throws<ExpressionException>(() => OdeTemplates.Get("fick").CreateDiffusion(new Dictionary<string, double> { ["Diff"] = 1 }));
        Assert.Contains("D, cs, c0, t1, depth, nodes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryTemplate_DocumentsEveryParameterWithAUnit()
    {
        foreach (var t in OdeTemplates.All)
        {
            Assert.Contains(t.Parameters, p => p.Name == "t1");
            Assert.All(t.Parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.Unit) || string.IsNullOrWhiteSpace(p.Description), $"{t.Name}.{p.Name}"));
        }
    }

    [Fact]
    public void TemplateSolver_CarbonIntoIron_OneCall()
    {
        // What the agent will do with "carbon diffusing into iron at 1000 K for one hour, D = 2.5e-11 m²/s".
        var result = TemplateSolver.Solve("fick", new Dictionary<string, double> { ["D"] = 2.5e-11, ["t1"] = 3600 });
        Assert.NotNull(result.Diffusion);
        Assert.Null(result.Ode);
        Assert.True(result.Analytic!.MaxAbsError < 1e-3);
        Assert.Equal(3600, result.Diffusion!.Times[^1]);
        // Half the surface concentration is reached at x = 2√(Dt)·erfc⁻¹(0.5) ≈ 0.4769·2√(Dt) ≈ 0.286 mm.
        var x = result.Diffusion.X;
        var c = result.Diffusion.Final;
        var i = Enumerable.Range(0, c.Length).First(k => c[k] < 0.5);
        Assert.InRange(x[i], 0.27e-3, 0.30e-3);
    }

    [Fact]
    public void TemplateSolver_TryReportsBadParameter()
    {
        Assert.False(TemplateSolver.TrySolve("jmak", new Dictionary<string, double> { ["q"] = 1 }, null, out _, out var error));
        Assert.Contains("has no parameter 'q'", error, StringComparison.Ordinal);
    }
}
