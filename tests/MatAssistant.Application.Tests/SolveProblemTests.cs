using MatAssistant.Application.Solving;

namespace MatAssistant.Application.Tests;

public sealed class SolveProblemTests
{
    private static Task<SolveResult> Run(SolveRequest request) => new SolveProblem().RunAsync(request);

    [Fact]
    public async Task HalfLife_OfFirstOrderDecay_IsLn2OverK()
    {
        var result = await Run(new SolveRequest(["dy/dt = -k*y"], Parameters: ["k=2.1e-3"], Initial: ["y=1"], T1: 2000, Queries: [new SolveQuery("half_life")]));
        var answer = Assert.Single(result.Answers);
        Assert.Equal(Math.Log(2) / 2.1e-3, answer.Value!.Value, 1e-6 * 330);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.1)]
    public async Task TimeToFraction_MatchesTheClosedForm(double fraction)
    {
        var result = await Run(new SolveRequest(["dc/dt = -k*c"], Parameters: ["k=0.5"], Initial: ["c=3"], T1: 20, Queries: [SolveQueryText.Parse($"time_to_fraction:c={fraction}")]));
        Assert.Equal(-Math.Log(fraction) / 0.5, result.Answers[0].Value!.Value, 6);
    }

    [Fact]
    public async Task NewtonCooling_TimeWhenItReaches373K_MatchesTheClosedForm()
    {
        // T(t) = Tenv + (T0 − Tenv) e^(−kt): T = 373.15 at t = ln((T0 − Tenv)/(373.15 − Tenv)) / k.
        var result = await Run(new SolveRequest(Template: "newton-cooling", Parameters: ["k=0.01", "Tenv=293.15", "T0=873.15", "t1=1000"], Queries: [SolveQueryText.Parse("time_when:T=373.15:down")]));
        var expected = Math.Log((873.15 - 293.15) / (373.15 - 293.15)) / 0.01;
        Assert.Equal(expected, result.Answers[0].Value!.Value, 1e-6 * expected);
    }

    [Fact]
    public async Task NotReached_SaysSo_WithNoValue()
    {
        var result = await Run(new SolveRequest(["dy/dt = -y"], Initial: ["y=1"], T1: 0.5, Queries: [new SolveQuery("half_life")]));
        Assert.Null(result.Answers[0].Value);
        Assert.Contains("not reached", result.Answers[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FickDepth_WhereCFallsTo1Percent_MatchesErfc()
    {
        // c/cs = erfc(x / (2 sqrt(D t))) = 0.01 at x = 2 sqrt(D t) · erfcinv(0.01) = 2 sqrt(D t) · 1.8213863677.
        var result = await Run(new SolveRequest(Template: "fick", Parameters: ["D=2.5e-11", "t1=3600"], Queries: [new SolveQuery("depth_where", Fraction: 0.01)]));
        var expected = 2 * Math.Sqrt(2.5e-11 * 3600) * 1.8213863677;
        Assert.Equal(expected, result.Answers[0].Value!.Value, 0.02 * expected);
    }

    [Fact]
    public async Task TemplateDefaults_AreNamedInAssumptions()
    {
        var result = await Run(new SolveRequest(Template: "fick", Parameters: ["t1=3600"]));
        Assert.Contains(result.Assumptions, a => a.StartsWith("D = ", StringComparison.Ordinal) && a.Contains("template default", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quantities_InSi_OverrideParameters_AndAreEchoed()
    {
        var result = await Run(new SolveRequest(Template: "fick", Quantities: [new GivenQuantity("D", 2.5e-7, "cm²/s", 2.5e-11), new GivenQuantity("t1", 1, "h", 3600)]));
        Assert.Equal(2.5e-11, result.Parameters["D"]);
        Assert.Equal(3600, result.T1);
        Assert.DoesNotContain(result.Assumptions, a => a.StartsWith("D = ", StringComparison.Ordinal));
        Assert.Contains("cm²/s", result.Understood, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "give the end time t1")]
    [InlineData("nope", "unknown template 'nope'")]
    public async Task BadRequests_AreRequestExceptions(string? template, string expected)
    {
        var request = template is null ? new SolveRequest(["dy/dt = -y"], Initial: ["y=1"]) : new SolveRequest(Template: template);
        var e = await Assert.ThrowsAsync<RequestException>(() => Run(request));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlotIntoAMissingFolder_IsAnError_AndCreatesNothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "matassist-missing-" + Guid.NewGuid().ToString("N"));
        var e = await Assert.ThrowsAsync<RequestException>(() => Run(new SolveRequest(["dy/dt = -y"], Initial: ["y=1"], T1: 1, Plot: Path.Combine(folder, "p.png"))));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("half_life", "half_life", null)]
    [InlineData("time_when:T=373.15:down", "time_when", 373.15)]
    [InlineData("value_at:y@3600", "value_at", 3600.0)]
    [InlineData("depth_where:0.01", "depth_where", 0.01)]
    public void QueryText_RoundTrips(string text, string kind, double? number)
    {
        var q = SolveQueryText.Parse(text);
        Assert.Equal(kind, q.Kind);
        Assert.Equal(number, q.Value ?? q.Time ?? q.Fraction);
        Assert.Equal(q, SolveQueryText.Parse(SolveQueryText.Format(q)));
    }

    [Theory]
    [InlineData("half-life")]
    [InlineData("time_when:T=NaN")]
    [InlineData("when T is hot")]
    public void QueryText_Bad_IsARequestException(string text) => Assert.Throws<RequestException>(() => SolveQueryText.Parse(text));
}
