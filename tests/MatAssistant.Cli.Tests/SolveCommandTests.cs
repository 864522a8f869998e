using System.Text.Json;

namespace MatAssistant.Cli.Tests;

public sealed class SolveCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("matassist-solve-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Solve_Decay_Json_FinalWithin1e6OfExact_AndPlotIsAPng()
    {
        var plot = Path.Combine(_directory, "decay.png");
        var (code, output, error) = CliRunner.Run("solve", "--equation", "dy/dt = -k*y", "--param", "k=2", "--init", "y=1", "--t1", "5", "--json", "--plot", plot);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var final = root.GetProperty("final").GetProperty("y").GetDouble();
        Assert.True(Math.Abs(final - Math.Exp(-10)) <= 1e-6 * Math.Exp(-10), $"final.y = {final}");
        Assert.Equal(["y"], root.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(101, root.GetProperty("t").GetArrayLength());
        Assert.Equal(101, root.GetProperty("values").GetProperty("y").GetArrayLength());
        Assert.False(root.GetProperty("stiff").GetBoolean());
        foreach (var key in new[] { "method", "steps", "rejected_steps", "function_evaluations", "jacobian_evaluations", "plot" })
        {
            Assert.True(root.TryGetProperty(key, out _), key);
        }

        var bytes = File.ReadAllBytes(plot);
        Assert.True(bytes.Length > 5000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public void Solve_RobertsonTemplate_IsStiff_WithClassicValues()
    {
        var (code, output, _) = CliRunner.Run("solve", "--template", "robertson", "--t1", "40", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var final = json.RootElement.GetProperty("final");
        Assert.True(json.RootElement.GetProperty("stiff").GetBoolean());
        Assert.Equal(0.71583, final.GetProperty("y1").GetDouble(), 5);
        Assert.Equal(0.28416, final.GetProperty("y3").GetDouble(), 5);
    }

    [Fact]
    public void Solve_Typo_ExitsTwo_WithOneLineNamingTheUnknownAndKnownNames()
    {
        var (code, output, error) = CliRunner.Run("solve", "--equation", "dy/dt = -k*yy", "--param", "k=2", "--init", "y=1", "--t1", "5");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("'yy'", line, StringComparison.Ordinal);
        Assert.Contains("known names: y, k, t", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "solve", "--equation", "dy/dt = -y", "--init", "y=1" }, "--t1")]
    [InlineData(new[] { "solve", "--equation", "dy/dt = -y", "--t1", "1" }, "no initial value for y")]
    [InlineData(new[] { "solve", "--equation", "dy/dt = -y", "--init", "y=1", "--t1", "1", "--method", "magic" }, "--method 'magic'")]
    [InlineData(new[] { "solve", "--equation", "dy/dt = -y", "--init", "y=1", "--t1", "1", "--rtol", "2" }, "--rtol")]
    [InlineData(new[] { "solve", "--equation", "dy/dt = -y", "--init", "y=1", "--t1", "1", "--plot", "x.gif" }, ".png or .svg")]
    [InlineData(new[] { "solve", "--template", "nope" }, "templates: fick")]
    [InlineData(new[] { "solve", "--template", "fick", "--param", "Dx=1" }, "has no parameter 'Dx'")]
    [InlineData(new[] { "solve", "--equation", "dy/dt = y^2", "--init", "y=1", "--t1", "2" }, "the solver stopped")]
    [InlineData(new[] { "solve", "--param", "k" }, "name=value")]
    [InlineData(new[] { "solve" }, "give an equation")]
    public void Solve_BadInput_ExitsTwo_WithOneLine(string[] args, string expected)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Solve_FickTemplate_GivesProfilesCloseToErfc_AndCsv()
    {
        var csv = Path.Combine(_directory, "fick.csv");
        var (code, output, _) = CliRunner.Run("solve", "--template", "fick", "--param", "D=2.5e-11", "--param", "t1=3600", "--json", "--csv", csv, "--rtol", "1e-6");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("analytic").GetProperty("max_abs_error").GetDouble() < 2e-3);
        Assert.Equal(6, root.GetProperty("profiles").GetProperty("c").GetArrayLength());
        Assert.Equal(root.GetProperty("x").GetArrayLength(), root.GetProperty("final_profile").GetProperty("c").GetArrayLength());
        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("x,c(t=0),c(t=720)", lines[0], StringComparison.Ordinal);
        Assert.Equal(202, lines.Length);
    }

    [Fact]
    public void Solve_SecondOrderEquation_WithSvgPlot()
    {
        var plot = Path.Combine(_directory, "oscillator.svg");
        var (code, output, _) = CliRunner.Run("solve", "-e", "x'' = -w^2*x", "-p", "w=2", "-i", "x=1", "-i", "x'=0", "--t1", "3", "--plot", plot);
        Assert.Equal(0, code);
        Assert.Contains("dx'/dt = -w^2*x", output, StringComparison.Ordinal);
        Assert.StartsWith("<?xml", File.ReadAllText(plot), StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_TemplateList_Json_DescribesParametersWithUnits()
    {
        var (code, output, _) = CliRunner.Run("solve", "--template", "list", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var fick = json.RootElement.GetProperty("templates").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "fick");
        var d = fick.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "D");
        Assert.Equal("m²/s", d.GetProperty("unit").GetString());
    }
}
