using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Plugins;
using MatAssistant.Agent.Prompts;
using MatAssistant.Application;
using MatAssistant.Application.Design;
using MatAssistant.Application.Literature;
using MatAssistant.Application.Screening;
using MatAssistant.Application.Solving;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Orchestration;

/// <summary>
/// Assembles an <see cref="Assistant"/>: the kernel with whichever tools are available, the prompts, the brain and the
/// answer composer. Each front end (CLI, web, MCP) builds through here, so every brain gets the same kernel and plugins.
/// </summary>
public sealed class AssistantBuilder(PromptLibrary prompts, ICorpusText corpus)
{
    private readonly Dictionary<string, List<object>> _plugins = new(StringComparer.Ordinal);

    public PromptLibrary Prompts { get; } = prompts;

    /// <summary>Adds <c>compositions_screen</c>.</summary>
    public AssistantBuilder WithScreening(ScreenFormulas screen) => Add("compositions", new ScreenPlugin(screen));

    /// <summary>Adds <c>literature_retrieve</c>.</summary>
    public AssistantBuilder WithLiterature(RetrieveLiterature retrieve) => Add("literature", new RetrievePlugin(retrieve));

    /// <summary>Adds <c>equations_solve</c>, writing plots to <paramref name="plotDirectory"/>.</summary>
    public AssistantBuilder WithSolver(SolveProblem solve, string plotDirectory) => Add("equations", new SolvePlugin(solve, plotDirectory));

    /// <summary>Adds <c>compositions_generate</c>.</summary>
    public AssistantBuilder WithGeneration(DesignCandidates design) => Add("compositions", new GeneratePlugin(design));

    /// <summary>Adds every tool the workspace supports: screen, solve and retrieve always, generate when a generator ships.</summary>
    public AssistantBuilder WithWorkspace(Workspace workspace, MatAssistant.Literature.LiteratureIndex index)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        WithScreening(new ScreenFormulas(workspace)).WithLiterature(new RetrieveLiterature(index)).WithSolver(new SolveProblem(), workspace.Options.PlotDirectory);
        return workspace.HasGenerator ? WithGeneration(new DesignCandidates(workspace)) : this;
    }

    /// <summary>Adds a plugin object's [KernelFunction] methods under <paramref name="pluginName"/>.</summary>
    public AssistantBuilder Add(string pluginName, object plugin)
    {
        if (!_plugins.TryGetValue(pluginName, out var list))
        {
            _plugins[pluginName] = list = [];
        }

        list.Add(plugin);
        return this;
    }

    /// <summary>
    /// The kernel holding the plugins, with the descriptions from prompts/: what the brains see as tools, and what the MCP
    /// server publishes (one definition of each tool for both).
    /// </summary>
    public Kernel BuildKernel()
    {
        var kernel = Kernel.CreateBuilder().Build();
        foreach (var (name, targets) in _plugins)
        {
            kernel.Plugins.Add(DescribedPlugin.Create(name, Prompts, [.. targets]));
        }

        return kernel;
    }

    /// <summary>Builds the assistant around <paramref name="brain"/>; <paramref name="owned"/> are resources it disposes with itself (the workspace, the literature index).</summary>
    public Assistant Build(IChatClient brain, string backend, ToolLimits? limits = null, ILoggerFactory? loggers = null, IReadOnlyList<IDisposable>? owned = null)
    {
        var kernel = BuildKernel();
        var composer = new AnswerComposer(corpus, loggers?.CreateLogger<AnswerComposer>());
        return new Assistant(kernel, brain, backend, Prompts, composer, limits ?? ToolLimits.Default, owned);
    }
}
