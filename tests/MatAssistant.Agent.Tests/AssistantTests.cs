using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Brains.Offline;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Agent.Prompts;
using MatAssistant.Application;
using MatAssistant.Application.Literature;
using MatAssistant.Application.Screening;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Tests;

public class AssistantTests
{
    private static readonly PromptLibrary Prompts = PromptLibrary.Load(Path.Combine(AppContext.BaseDirectory, "prompts"));

    private static Assistant OfflineAssistant(ToolLimits? limits = null, params (string Plugin, object Target)[] extra)
    {
        // No models: screening by the rules alone, so the test pins the kernel loop and not the surrogates.
        var workspace = new Workspace(new WorkspaceOptions(Path.Combine(Path.GetTempPath(), "matassist-no-models"), "", Path.GetTempPath()));
        var builder = new AssistantBuilder(Prompts, new InMemoryCorpus()).WithScreening(new ScreenFormulas(workspace));
        foreach (var (plugin, target) in extra)
        {
            builder.Add(plugin, target);
        }

        return builder.Build(new OfflinePlanner(), "offline", limits, owned: [workspace]);
    }

    [Fact]
    public async Task Screen_GoesThroughTheKernel_AndTheAnswerShowsTheVerdicts()
    {
        using var assistant = OfflineAssistant();
        var answer = await assistant.AskAsync("Is LiFePO4 charge neutral? What about Fe3O4?");
        var call = Assert.Single(answer.ToolCalls);
        Assert.Equal("compositions_screen", call.Tool);
        Assert.True(call.Ok);
        Assert.Contains("Li+1 Fe+2 P+5 O-2", answer.Answer, StringComparison.Ordinal);
        // Fe3O4 passes too, by mixed valence (the default rules), and the answer says which rule.
        Assert.Contains("Of 2 formulas, 2 pass", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("Fe+2/Fe+3", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("mixed valence", answer.Answer, StringComparison.Ordinal);
        Assert.Equal("offline", answer.Backend);
    }

    [Fact]
    public async Task ToolFailure_BecomesAMessage_NotAnException()
    {
        using var assistant = OfflineAssistant();
        var formulas = string.Join(", ", Enumerable.Range(1, 250).Select(i => $"Na{i}Cl"));
        var answer = await assistant.AskAsync($"Check {formulas}");
        var call = Assert.Single(answer.ToolCalls);
        Assert.False(call.Ok);
        Assert.Contains("between 1 and 200", call.Error, StringComparison.Ordinal);
        Assert.Contains("could not do this", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTool_IsSaidPlainly()
    {
        using var assistant = OfflineAssistant();
        var answer = await assistant.AskAsync("Propose 5 novel compositions containing Li and O");
        Assert.Empty(answer.ToolCalls);
        Assert.Contains("compositions_generate", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Tools_CarryTheDescriptionsFromPrompts()
    {
        using var assistant = OfflineAssistant();
        var (name, description) = Assert.Single(assistant.Tools);
        Assert.Equal("compositions_screen", name);
        Assert.Equal(Prompts.ToolDescription("compositions_screen"), description);
    }

    [Fact]
    public async Task SlowTool_TimesOut_AsAToolError()
    {
        using var assistant = OfflineAssistant(new ToolLimits(ToolTimeout: TimeSpan.FromMilliseconds(200)), ("literature", new SlowRetrieval()));
        var answer = await assistant.AskAsync("What is CDVAE?");
        var call = Assert.Single(answer.ToolCalls);
        Assert.False(call.Ok);
        Assert.Contains("did not finish", call.Error, StringComparison.Ordinal);
    }

    /// <summary>A retrieval tool that never answers in time.</summary>
    public sealed class SlowRetrieval
    {
        private readonly TimeSpan _delay = TimeSpan.FromSeconds(5);

        [KernelFunction("retrieve")]
        public async Task<RetrieveResult> RetrieveAsync(string query, int top = 5)
        {
            await Task.Delay(_delay);
            return new RetrieveResult(query, [], []);
        }
    }

    private sealed class InMemoryCorpus : ICorpusText
    {
        public bool IsVerbatim(string document, int start, int end, string quote) => false;
    }
}
