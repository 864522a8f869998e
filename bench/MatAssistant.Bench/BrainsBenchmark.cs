using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Brains.Llama;
using Microsoft.Extensions.AI;

namespace MatAssistant.Bench;

/// <summary>
/// Speed of the LLamaSharp brain on a GGUF model: load, prompt evaluation, free generation, a grammar-constrained tool call,
/// and a follow-up served from the prompt cache. Usage: brains --model FILE.gguf [--gpu-layers N] [--threads T] [--tokens N]
/// </summary>
internal static class BrainsBenchmark
{
    private static readonly AIFunctionDeclaration[] Tools =
    [
        AIFunctionFactory.CreateDeclaration("compositions_screen", "Screens chemical formulas for charge neutrality and electronegativity balance.",
            JsonDocument.Parse("""{"type": "object", "properties": {"formulas": {"type": "array", "items": {"type": "string"}, "description": "formulas such as LiFePO4"}}, "required": ["formulas"]}""").RootElement),
        AIFunctionFactory.CreateDeclaration("equations_solve", "Solves ordinary differential equations.",
            JsonDocument.Parse("""{"type": "object", "properties": {"equations": {"type": "array", "items": {"type": "string"}}, "t1": {"type": "number"}, "method": {"enum": ["auto", "nonstiff", "stiff"]}}, "required": ["equations", "t1"]}""").RootElement),
    ];

    public static int Run(string[] args)
    {
        var model = BenchPaths.Option(args, "--model");
        if (model is null)
        {
            Console.Error.WriteLine("usage: brains --model FILE.gguf [--gpu-layers N] [--threads T] [--tokens N]");
            return 2;
        }

        var tokens = int.Parse(BenchPaths.Option(args, "--tokens") ?? "128", CultureInfo.InvariantCulture);
        var options = new LlamaBrainOptions(model)
        {
            GpuLayers = int.Parse(BenchPaths.Option(args, "--gpu-layers") ?? "0", CultureInfo.InvariantCulture),
            Threads = BenchPaths.Option(args, "--threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : null,
            MaxTokens = tokens,
            Temperature = 0,
        };

        var stopwatch = Stopwatch.StartNew();
        LlamaChatClient brain;
        try
        {
            brain = (LlamaChatClient)BrainFactory.CreateLlama(options);
        }
        catch (BrainConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        using var _ = brain;
        Console.WriteLine($"# brains benchmark: {Path.GetFileName(model)}, gpu layers {options.GpuLayers}, threads {options.Threads?.ToString(CultureInfo.InvariantCulture) ?? "default"}, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine($"load: {stopwatch.Elapsed.TotalSeconds:F2} s; chat template: {brain.Template.Family} ({brain.Template.Source}), tool calls as {brain.Template.ToolCallFormat}{(brain.Template.Warning is { } w ? "; warning: " + w : "")}");
        Console.WriteLine();
        Console.WriteLine("| step | prompt tokens evaluated | generated tokens | seconds | generated tokens/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");

        Step(brain, "warm-up: first request creates the context", [new(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 1 });
        List<ChatMessage> question = [new(ChatRole.System, "You are a materials-science assistant."), new(ChatRole.User, "Screen LiFePO4, NaCoO2 and Li2MnO3.")];
        Step(brain, "tool call (grammar, tools required)", question, new ChatOptions { Tools = Tools, ToolMode = ChatToolMode.RequireAny });
        Step(brain, "same again (prompt cache)", question, new ChatOptions { Tools = Tools, ToolMode = ChatToolMode.RequireAny });
        Step(brain, "free text, no tools", question, new ChatOptions { MaxOutputTokens = tokens });
        var followUp = question.Append(new ChatMessage(ChatRole.Assistant, "They are all charge neutral."))
            .Append(new ChatMessage(ChatRole.User, "And which is the most stable?")).ToList();
        Step(brain, "follow-up question (prompt cache)", followUp, new ChatOptions { MaxOutputTokens = tokens });
        return 0;
    }

    private static void Step(LlamaChatClient brain, string name, List<ChatMessage> messages, ChatOptions options)
    {
        var before = brain.PromptTokensEvaluated;
        var stopwatch = Stopwatch.StartNew();
        var response = brain.GetResponseAsync(messages, options).GetAwaiter().GetResult();
        stopwatch.Stop();
        var generated = response.Usage?.OutputTokenCount ?? 0;
        Console.WriteLine(FormattableString.Invariant(
            $"| {name} | {brain.PromptTokensEvaluated - before} | {generated} | {stopwatch.Elapsed.TotalSeconds:F2} | {generated / stopwatch.Elapsed.TotalSeconds:F1} |"));
    }
}
