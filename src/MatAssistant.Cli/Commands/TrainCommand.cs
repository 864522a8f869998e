using System.CommandLine;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist train generator|surrogate</c> (DESIGN.md §3): the parent command; each model adds its subcommand here.</summary>
internal static class TrainCommand
{
    public static Command Create() => new("train", "Train the models that ship in models/ (writes them atomically).")
    {
        TrainGeneratorCommand.Create(),
        TrainSurrogateCommand.Create(),
    };
}
