using System.CommandLine;
using MatAssistant.Agent.Answers;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist ask "question"</c>: one question, one answer with citations and the tool calls behind it.</summary>
internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "A question, a design request or an equation to solve." };
        var html = new Option<string?>("--html") { Description = "Also write the answer and its sources as an HTML page to FILE." };
        var command = new Command("ask", "Ask the assistant one question (FAQ, design request or equation).") { question, html };
        AssistantFactory.AddOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(question);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException("the question is empty: matassist ask \"What is CDVAE?\"");
            }

            using var assistant = AssistantFactory.Create(parse, parse.InvocationConfiguration.Error);
            var answer = await assistant.AskAsync(text, cancellationToken);
            if (parse.GetValue(html) is { } page)
            {
                try
                {
                    var full = Path.GetFullPath(page);
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    var temporary = full + ".tmp";
                    await File.WriteAllTextAsync(temporary, AnswerHtml.Page(text, answer), cancellationToken);
                    File.Move(temporary, full, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"--html '{page}' could not be written: {e.Message}");
                }
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, answer);
            }
            else
            {
                Print(Terminal.For(parse.InvocationConfiguration.Output), answer);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static void Print(IAnsiConsole console, AssistantAnswer answer)
    {
        foreach (var renderable in TerminalMarkdown.Render(answer.Answer))
        {
            console.Write(renderable);
        }

        if (answer.Citations.Count > 0)
        {
            console.WriteLine();
            foreach (var c in answer.Citations)
            {
                console.MarkupLine($"[grey][[{c.Id}]] {Markup.Escape(c.Title)} — {Markup.Escape(c.Section)} ({Markup.Escape(c.Document)}{(c.Page is { } page ? $", p. {page}" : "")}, chars {c.Start}–{c.End}): “{Markup.Escape(c.ReadableQuote)}”[/]");
            }
        }

        foreach (var artifact in answer.Artifacts)
        {
            console.MarkupLine($"[grey]wrote {Markup.Escape(artifact)}[/]");
        }

        if (answer.ToolCalls.Count > 0)
        {
            console.MarkupLine($"[grey]tools: {Markup.Escape(string.Join(", ", answer.ToolCalls.Select(t => t.Tool + (t.Ok ? "" : " (failed)"))))} · backend: {Markup.Escape(answer.Backend)}[/]");
        }
    }
}
