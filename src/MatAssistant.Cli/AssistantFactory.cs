using System.CommandLine;
using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Agent.Brains.Offline;
using MatAssistant.Agent.Brains.OpenAI;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Agent.Prompts;
using MatAssistant.Application;
using Microsoft.Extensions.AI;

namespace MatAssistant.Cli;

/// <summary>The options that choose and configure the brain, shared by <c>ask</c> and <c>chat</c>, and the assembly of the assistant.</summary>
internal static class AssistantFactory
{
    public static readonly Option<string> Backend = new("--backend")
    {
        Description = "The brain: offline (default, no weights), llama (a GGUF model in process) or openai (an OpenAI-compatible server).",
        DefaultValueFactory = _ => "offline",
    };

    public static readonly Option<string?> Model = new("--model") { Description = "llama: path of a .gguf file; openai: the model name." };

    public static readonly Option<string?> Endpoint = new("--endpoint") { Description = "openai: the server's base URL, e.g. http://127.0.0.1:11434/v1 (Ollama)." };

    public static readonly Option<string?> ApiKeyEnv = new("--api-key-env") { Description = "openai: the environment variable holding the API key (none needed for local servers)." };

    public static readonly Option<uint> ContextSize = new("--context-size") { Description = "llama: context window in tokens (default 4096).", DefaultValueFactory = _ => 4096 };

    public static readonly Option<int> GpuLayers = new("--gpu-layers") { Description = "llama: layers to offload to a GPU (needs a CUDA build of llama.cpp).", DefaultValueFactory = _ => 0 };

    public static readonly Option<string?> ChatTemplate = new("--chat-template")
    {
        Description = "llama: a llama.cpp template name (chatml, llama3, mistral-v7, gemma, …) instead of the model's own.",
    };

    public static readonly Option<string?> Corpus = Commands.LiteratureCommon.CreateCorpusOption();

    public static void AddOptions(Command command)
    {
        command.Add(Corpus);
        command.Add(Backend);
        command.Add(Model);
        command.Add(Endpoint);
        command.Add(ApiKeyEnv);
        command.Add(GpuLayers);
        command.Add(ContextSize);
        command.Add(ChatTemplate);
    }

    private static LlamaChatClient CreateLlama(ParseResult parse, TextWriter progress)
    {
        var client = new LlamaChatClient(new LlamaBrainOptions(parse.GetValue(Model)
            ?? throw new UsageException("the llama backend needs a model: --model FILE.gguf"))
        {
            GpuLayers = parse.GetValue(GpuLayers),
            ContextSize = parse.GetValue(ContextSize),
            ChatTemplate = parse.GetValue(ChatTemplate),
        });
        var template = client.Template;
        progress.WriteLine($"matassist: chat template: {template.Family} ({template.Source}), tool calls in the {template.ToolCallFormat} format");
        if (template.Warning is not null)
        {
            progress.WriteLine($"matassist: warning: {template.Warning}");
        }

        return client;
    }

    public static Assistant Create(ParseResult parse, TextWriter progress)
    {
        var backend = parse.GetValue(Backend)!.ToLowerInvariant();
        IChatClient brain;
        try
        {
            brain = backend switch
            {
                "offline" => new OfflinePlanner(),
                "llama" => CreateLlama(parse, progress),
                "openai" => OpenAIBrain.Create(OpenAIBrain.ParseOptions(parse.GetValue(Endpoint), parse.GetValue(Model), parse.GetValue(ApiKeyEnv))),
                _ => throw new UsageException($"unknown backend '{backend}': use offline, llama or openai."),
            };
        }
        catch (BrainConfigurationException e)
        {
            throw new UsageException(e.Message);
        }

        PromptLibrary prompts;
        try
        {
            prompts = PromptLibrary.Load(AppPaths.Prompts);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }

        var workspace = new Workspace(AppPaths.Workspace(parse));
        var index = Commands.LiteratureCommon.Open(parse, parse.GetValue(Corpus));
        foreach (var note in workspace.Notes)
        {
            progress.WriteLine($"matassist: note: {note}");
        }

        var builder = new AssistantBuilder(prompts, new IndexedText(index)).WithWorkspace(workspace, index);
        return builder.Build(brain, backend, owned: [index, workspace]);
    }
}
