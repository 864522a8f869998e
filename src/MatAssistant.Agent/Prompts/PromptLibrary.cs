using System.Text.Json;

namespace MatAssistant.Agent.Prompts;

/// <summary>
/// Every text the language model sees, loaded at run time from <c>prompts/</c>: the system prompt, the answer style and
/// the tool and parameter descriptions (so they can be tuned without recompiling). Immutable once loaded.
/// </summary>
public sealed class PromptLibrary
{
    private readonly IReadOnlyDictionary<string, ToolText> _tools;

    private PromptLibrary(string directory, string systemPrompt, string answerStyle, IReadOnlyDictionary<string, ToolText> tools)
    {
        Directory = directory;
        SystemPrompt = systemPrompt;
        AnswerStyle = answerStyle;
        _tools = tools;
    }

    /// <summary>Where the prompts were read from.</summary>
    public string Directory { get; }

    /// <summary><c>system.md</c>: who the assistant is and the tool-use rules.</summary>
    public string SystemPrompt { get; }

    /// <summary><c>answer_style.md</c>: how answers are written.</summary>
    public string AnswerStyle { get; }

    /// <summary>The system message a model receives: the system prompt followed by the answer style.</summary>
    public string SystemMessage => SystemPrompt.TrimEnd() + "\n\n" + AnswerStyle.TrimEnd();

    /// <summary>The description of tool <paramref name="toolName"/> (e.g. <c>compositions_screen</c>).</summary>
    public string ToolDescription(string toolName) =>
        _tools.TryGetValue(toolName, out var tool) ? tool.Description
        : throw new InvalidDataException($"prompts/tools.json has no entry for the tool '{toolName}'.");

    /// <summary>The description of parameter <paramref name="parameter"/> of tool <paramref name="toolName"/>.</summary>
    public string ParameterDescription(string toolName, string parameter) =>
        _tools.TryGetValue(toolName, out var tool) && tool.Parameters.TryGetValue(parameter, out var text) ? text
        : throw new InvalidDataException($"prompts/tools.json has no description for the parameter '{parameter}' of '{toolName}'.");

    /// <summary>Loads <c>system.md</c>, <c>answer_style.md</c> and <c>tools.json</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidDataException">A file is missing or malformed; the message names it.</exception>
    public static PromptLibrary Load(string directory)
    {
        string Read(string name)
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? File.ReadAllText(path) : throw new InvalidDataException($"The prompt file {path} is missing.");
        }

        Dictionary<string, ToolText>? tools;
        try
        {
            tools = JsonSerializer.Deserialize<Dictionary<string, ToolText>>(Read("tools.json"), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.Combine(directory, "tools.json")} is not valid: {e.Message}", e);
        }

        return new PromptLibrary(directory, Read("system.md"), Read("answer_style.md"), tools ?? []);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record ToolText(string Description, Dictionary<string, string> Parameters);
}
