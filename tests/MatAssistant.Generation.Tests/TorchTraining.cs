using Xunit;

namespace MatAssistant.Generation.Tests;

/// <summary>
/// Training seeds TorchSharp's process-wide generator and sets its thread count, so two trainings running at once make
/// each other non-deterministic (Training_IsDeterministicForASeed failed once the pipeline tests ran beside it). Classes
/// that train join this collection, which runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchTraining
{
    public const string Name = "Torch training";
}
