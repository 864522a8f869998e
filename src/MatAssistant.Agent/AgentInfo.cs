namespace MatAssistant.Agent;

/// <summary>Names shared by the brains, the plugins and the front ends.</summary>
public static class AgentInfo
{
    /// <summary>The backends a user can choose with <c>--backend</c>.</summary>
    public static IReadOnlyList<string> Backends { get; } = ["offline", "llama", "openai"];
}
