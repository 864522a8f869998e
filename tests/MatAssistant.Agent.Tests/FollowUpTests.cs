using System.Globalization;
using MatAssistant.Agent.Brains.Offline;
using MatAssistant.Agent.Planning;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Tests;

/// <summary>
/// Follow-ups in a conversation: "also check X" after a screen screens X (only X, even after a two-tool turn); "what about
/// at 700 °C?" / "and with Ea = 150 kJ/mol?" after a solve re-runs it with that value and says which value changed. The
/// planner's calls are checked directly (fast); two conversations run end to end through the kernel.
/// </summary>
public sealed class FollowUpTests(OfflineAssistantFixture fixture) : IClassFixture<OfflineAssistantFixture>
{
    private static readonly ChatOptions AllTools = new()
    {
        Tools = [.. new[] { ToolNames.Retrieve, ToolNames.Generate, ToolNames.Screen, ToolNames.Solve }.Select(n => AIFunctionFactory.Create(() => "", n))],
    };

    /// <summary>The planner's calls for the last of <paramref name="turns"/> (user and assistant texts alternating, the user first).</summary>
    private static async Task<(IReadOnlyList<FunctionCallContent> Calls, string Text)> Plan(params string[] turns)
    {
        var messages = turns.Select((t, i) => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, t)).ToList();
        var response = await new OfflinePlanner().GetResponseAsync(messages, AllTools);
        return (response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList(), response.Text);
    }

    private static Dictionary<string, double> Pairs(FunctionCallContent call, string key) =>
        ((string[])call.Arguments![key]!).Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

    /// <summary>The template's parameters and quantities together, as the solver receives them.</summary>
    private static Dictionary<string, double> Values(FunctionCallContent call) =>
        Pairs(call, "parameters").Concat(Pairs(call, "quantities")).ToDictionary(p => p.Key, p => p.Value);

    private const string Arrhenius = "Arrhenius: first-order decomposition, Ea = 120 kJ/mol, A = 1e10 s^-1, at 600 K. How much is left after 10 minutes?";

    [Theory]
    [InlineData("ok, also check KCoO2 and NaCoO2", new[] { "KCoO2", "NaCoO2" })]
    [InlineData("what about LiMn2O4?", new[] { "LiMn2O4" })]
    [InlineData("and Fe3O4", new[] { "Fe3O4" })]
    [InlineData("also check licoo2", new[] { "LiCoO2" })]
    public async Task AlsoCheck_AfterAnExplainAndScreenTurn_ScreensOnlyTheNewFormulas(string followUp, string[] formulas)
    {
        var (calls, _) = await Plan(
            "Hu et al. say charge neutrality is a fast validation filter - does LiCoO2 pass yours?", "(the answer)", followUp);
        var call = Assert.Single(calls);
        Assert.Equal(ToolNames.Screen, call.Name);
        Assert.Equal(formulas, (string[])call.Arguments!["formulas"]!);
    }

    [Fact]
    public void LowerCaseFormulas_InARequestToCheck_AreReadWithANote()
    {
        // Regression: "licoo2" vanished from a list to screen.
        var request = RequestParser.Parse("check licoo2, fe2o3 and NaCl");
        Assert.Equal(RequestIntent.Screen, request.Intent);
        Assert.Equal(["NaCl", "LiCoO2", "Fe2O3"], request.Formulas);
        Assert.Contains("Read \"licoo2\" (typed in lower case) as LiCoO2.", request.Notes);
    }

    [Fact]
    public async Task AlsoCheck_WithoutAPreviousScreen_IsReadOnItsOwn()
    {
        var (calls, _) = await Plan("What is CDVAE?", "(the answer)", "what about MatGAN?");
        Assert.Equal(ToolNames.Retrieve, Assert.Single(calls).Name);
    }

    [Fact]
    public async Task SolveFollowUp_NewTemperature_ReplacesTheOldOne()
    {
        var (calls, _) = await Plan(Arrhenius, "(the answer)", "what about at 650 K?");
        var call = Assert.Single(calls);
        Assert.Equal(ToolNames.Solve, call.Name);
        var all = Values(call);
        Assert.Equal(650, all["T"], 6);
        Assert.Equal(120000, all["Ea"], 6);
    }

    [Fact]
    public async Task SolveFollowUp_NamedValue_ReplacesThatValue_AndTheRestStays()
    {
        var (calls, _) = await Plan(
            "TGA run: first-order decomposition with A = 1e9 s^-1 and Ea = 160 kJ/mol, heated at 10 K/min starting from 300 °C. What fraction has decomposed by 400 °C?", "(the answer)",
            "and with Ea = 150 kJ/mol?");
        var call = Assert.Single(calls);
        var parameters = Pairs(call, "parameters");
        Assert.Equal(150000, parameters["Ea"], 6);
        Assert.Equal(1e9, parameters["A"], 6);
        Assert.Equal(573.15, parameters["T0"], 6);
    }

    [Fact]
    public async Task SolveFollowUp_OfAFollowUp_KeepsBothChanges()
    {
        var (calls, _) = await Plan(Arrhenius, "(the answer)", "what about at 650 K?", "(the answer)", "and with Ea = 110 kJ/mol?");
        var all = Values(Assert.Single(calls));
        Assert.Equal(650, all["T"], 6);
        Assert.Equal(110000, all["Ea"], 6);
    }

    private const string Carburizing = "carburizing at 950 °C, D = 1.5e-7 cm^2/s, 4 hours, constant surface carbon, negligible initial carbon. at what depth is the carbon down to 10% of the surface value?";

    [Theory]
    [InlineData("and for 8 hours?", "time", 28800)]
    [InlineData("what if D = 3e-7 cm^2/s", "D", 3e-11)]
    [InlineData("same with 2.5e-7 cm²/s", "D", 2.5e-11)]
    public async Task SolveFollowUp_TimeOrDiffusivity_ReplacesTheValueOfThatKind(string followUp, string key, double expected)
    {
        var (calls, _) = await Plan(Carburizing, "(the answer)", followUp);
        var values = Values(Assert.Single(calls));
        Assert.Equal(expected, values[key], expected * 1e-9);
        Assert.Equal(key == "D" ? 14400 : 1.5e-11, key == "D" ? values["time"] : values["D"], 1e-15);
    }

    [Fact]
    public async Task SolveFollowUp_ValueThatFitsTwoEarlierOnes_IsAskedAbout()
    {
        // Two temperatures before (the part's and the water's): which one 600 °C replaces is the user's to say.
        var (calls, text) = await Plan(
            "A 40 mm thick aluminium plate at 530 °C is quenched into 30 °C water, h = 4500 W/m²K, k = 200 W/mK, α = 8.4e-5 m²/s. How long until the centre is below 100 °C?", "(the answer)",
            "what about 600 °C?");
        Assert.Empty(calls);
        Assert.Contains("530 °C", text, StringComparison.Ordinal);
        Assert.Contains("30 °C", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SolveFollowUp_ANewProblemWrittenOut_IsNotAFollowUp()
    {
        var (calls, _) = await Plan(
            Arrhenius, "(the answer)",
            "Solve dy/dt = -0.5*y with y(0) = 2 from t = 0 to 10");
        Assert.Equal(["dy/dt = -0.5*y"], (string[])Assert.Single(calls).Arguments!["equations"]!);
    }

    [Fact]
    public async Task Conversation_SolveThenNewActivationEnergy_SaysWhichValueChanged()
    {
        using var assistant = fixture.Create();
        var first = await assistant.AskAsync("TGA run: first-order decomposition with A = 1e9 s^-1 and Ea = 160 kJ/mol, heated at 10 K/min starting from 300 °C. What fraction has decomposed by 400 °C?");
        var second = await assistant.AskAsync("and with Ea = 150 kJ/mol?");
        Assert.True(Assert.Single(second.ToolCalls).Ok);
        Assert.Contains("\"Ea = 160 kJ/mol\" → \"Ea = 150 kJ/mol\"", second.Answer, StringComparison.Ordinal);
        Assert.Contains("Ea 160000 → 150000", second.Answer, StringComparison.Ordinal);
        static string Headline(string answer) => answer.Split('\n').First(l => l.StartsWith("**The fraction", StringComparison.Ordinal));
        Assert.NotEqual(Headline(first.Answer), Headline(second.Answer));
    }

    [Fact]
    public async Task Conversation_DiffusionAtANewTemperature_SaysTheTemperatureIsNotUsed()
    {
        // D was given as one number: a new temperature cannot change the depth, and the answer must not pretend it does.
        using var assistant = fixture.Create();
        await assistant.AskAsync("carburising at 950 °C, D = 1.5e-7 cm^2/s, 4 hours, constant surface carbon. at what depth is the carbon down to 10% of the surface value?");
        var second = await assistant.AskAsync("what about at 700 °C?");
        Assert.Contains("\"950 °C\" → \"700 °C\"", second.Answer, StringComparison.Ordinal);
        Assert.Contains("is not used by this model", second.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conversation_ExplainAndScreen_ThenAlsoCheck_RunsOneScreen()
    {
        using var assistant = fixture.Create();
        var first = await assistant.AskAsync("the reflections paper describes ML screening funnels. run mine: KMgF3, Ca3N2");
        Assert.Contains(first.ToolCalls, c => c.Tool == ToolNames.Retrieve);
        var second = await assistant.AskAsync("also check CsPbI3");
        var call = Assert.Single(second.ToolCalls);
        Assert.Equal(ToolNames.Screen, call.Tool);
        Assert.Contains("CsPbI3", second.Answer, StringComparison.Ordinal);
        Assert.Contains("follow-up to KMgF3, Ca3N2", second.Answer, StringComparison.Ordinal);
    }
}
