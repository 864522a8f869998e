using System.CommandLine;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist chat</c>: an interactive conversation with streaming answers; /help, /reset, /tools, /exit. <c>--json</c>: one JSON answer per line.</summary>
internal static class ChatCommand
{
    private const string Help = "Commands: /help this text · /reset forget the conversation · /tools list the tools · /exit leave. Anything else is a message to the assistant.";

    public static Command Create()
    {
        var command = new Command("chat", "Talk with the assistant interactively (streaming; /help, /reset, /tools, /exit).");
        AssistantFactory.AddOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // With --json, stdout carries one JSON answer per turn (JSON Lines); the banner, prompt and command replies go to stderr.
            var json = parse.GetValue(CommonOptions.Json);
            var output = json ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output;
            var console = Terminal.For(output);
            using var assistant = AssistantFactory.Create(parse, parse.InvocationConfiguration.Error);
            console.MarkupLine($"[bold]MatAssistant[/] ({Markup.Escape(assistant.Backend)} backend). {Markup.Escape(Help)}");
            while (!cancellationToken.IsCancellationRequested)
            {
                output.Write("> ");
                output.Flush();
                var line = Console.In.ReadLine();
                if (line is null || line.Trim() is "/exit" or "/quit")
                {
                    break;
                }

                switch (line.Trim())
                {
                    case "":
                        continue;
                    case "/help":
                        console.WriteLine(Help);
                        continue;
                    case "/reset":
                        assistant.Reset();
                        console.WriteLine("The conversation is forgotten.");
                        continue;
                    case "/tools":
                        foreach (var (name, description) in assistant.Tools)
                        {
                            console.MarkupLine($"[bold]{Markup.Escape(name)}[/]: {Markup.Escape(description)}");
                        }

                        continue;
                    case var unknown when unknown.StartsWith('/'):
                        console.WriteLine($"Unknown command {unknown}. {Help}");
                        continue;
                }

                if (json)
                {
                    var reply = await assistant.AskAsync(line, cancellationToken);
                    JsonOutput.Write(parse.InvocationConfiguration.Output, reply);
                    parse.InvocationConfiguration.Output.Flush();
                    continue;
                }

                var streamed = false;
                var answer = await assistant.AskStreamingAsync(line, chunk =>
                {
                    streamed = true;
                    output.Write(chunk);
                    output.Flush();
                }, cancellationToken);
                if (streamed)
                {
                    output.WriteLine();
                }

                if (answer.Citations.Count > 0 || answer.ToolCalls.Count > 0)
                {
                    AskCommand.Print(console, answer with { Answer = string.Empty });
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
