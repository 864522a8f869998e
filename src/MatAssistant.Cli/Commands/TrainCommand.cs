using System.CommandLine;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist train</c>: groups the training subcommands (surrogate here; generator in the Generation issue).</summary>
internal static class TrainCommand
{
    public static Command Create() => new("train", "Train the models shipped in models/ (progress bar; writes atomically).")
    {
        TrainSurrogateCommand.Create(),
    };
}
