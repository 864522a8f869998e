namespace MatAssistant.Agent.Planning;

/// <summary>The tools as the model sees them: plugin name, underscore, function name.</summary>
public static class ToolNames
{
    public const string Retrieve = "literature_retrieve";
    public const string Generate = "compositions_generate";
    public const string Screen = "compositions_screen";
    public const string Solve = "equations_solve";

    public static string For(RequestIntent intent) => intent switch
    {
        RequestIntent.Faq => Retrieve,
        RequestIntent.Design => Generate,
        RequestIntent.Screen or RequestIntent.ExplainAndScreen => Screen,
        _ => Solve,
    };
}
