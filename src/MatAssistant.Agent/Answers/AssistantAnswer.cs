namespace MatAssistant.Agent.Answers;

/// <summary>A citation of the corpus: <see cref="Quote"/> is exactly the cited file's text[<see cref="Start"/>..<see cref="End"/>).</summary>
/// <param name="Id">The number used in the answer, <c>[Id]</c>.</param>
/// <param name="Document">Corpus file name, e.g. <c>002_b22d91d85b8bad7b.txt</c>.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Section">The section heading the quote stands under.</param>
/// <param name="Quote">Verbatim corpus text.</param>
/// <param name="Start">Character offset of the quote in the file (UTF-16 code units, as .NET strings count).</param>
/// <param name="End">Offset one past the quote's end.</param>
/// <param name="Page">The 1-based page the quote starts on, for paged documents (PDF); null otherwise.</param>
public sealed record Citation(int Id, string Document, string Title, string Section, string Quote, int Start, int End, int? Page = null)
{
    /// <summary>
    /// The quote as a reader should see it (<c>10^{9}</c> → <c>10⁹</c>, <c>$E_{\text{hull}} &lt; 80$</c> → <c>E_hull &lt; 80</c>);
    /// what the terminal, the HTML page and the web client show. <see cref="Quote"/> stays verbatim.
    /// </summary>
    public string ReadableQuote => MatAssistant.Literature.ReadableText.Render(Quote);
}

/// <summary>One tool call as the user sees it (DESIGN.md §3).</summary>
/// <param name="Tool">The tool's name, e.g. <c>compositions_generate</c>.</param>
/// <param name="Arguments">The arguments as the brain gave them.</param>
/// <param name="Ok">False when the tool rejected the input, failed or timed out.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Result">The tool's structured result: the same record, and so the same JSON, as the matching command's.</param>
public sealed record ToolCallSummary(string Tool, IReadOnlyDictionary<string, object?> Arguments, bool Ok, string? Error, object? Result);

/// <summary>The assistant's answer to one message.</summary>
/// <param name="Answer">Markdown.</param>
/// <param name="Citations">Citations referenced as [n] in the answer; each quote verified verbatim against the corpus.</param>
/// <param name="ToolCalls">The tools called, with their arguments.</param>
/// <param name="Backend">The brain: offline, llama or openai.</param>
/// <param name="Artifacts">Files the tools wrote (plots), by kind.</param>
/// <param name="Understood">One line per tool call saying in words how the request was read.</param>
/// <param name="NotUsed">Words or phrases of the request that no slot took (known only for the offline brain, which reads the request itself).</param>
public sealed record AssistantAnswer(
    string Answer,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<ToolCallSummary> ToolCalls,
    string Backend,
    IReadOnlyList<string> Artifacts,
    IReadOnlyList<string> Understood,
    IReadOnlyList<string> NotUsed);
