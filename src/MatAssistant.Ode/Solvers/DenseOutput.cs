namespace MatAssistant.Ode.Solvers;

/// <summary>The interpolant of one accepted step over [Start, End], copied out of the stepper.</summary>
internal abstract class DenseSegment(double start, double end)
{
    public double Start { get; } = start;

    public double End { get; } = end;

    /// <summary>Doubles held (for the memory bound).</summary>
    public abstract long Size { get; }

    /// <summary>The solution at <paramref name="time"/> ∈ [Start, End] into <paramref name="output"/>.</summary>
    public abstract void Evaluate(double time, double[] output);
}

/// <summary>
/// The solver's own continuous solution over [T0, T1]: the interpolant of every accepted step (4th-order for
/// Dormand–Prince, Hermite for Rodas4, the BDF polynomial), so that events and queries are located on what the solver
/// computed, not on an output grid.
/// </summary>
public sealed class DenseOutput
{
    private readonly DenseSegment[] segments;
    private readonly double[] ends;

    internal DenseOutput(int dimension, double t0, double[] initial, IReadOnlyList<DenseSegment> segments)
    {
        Dimension = dimension;
        T0 = t0;
        Initial = initial;
        this.segments = [.. segments];
        ends = [.. segments.Select(s => s.End)];
        T1 = ends.Length > 0 ? ends[^1] : t0;
    }

    public int Dimension { get; }

    public double T0 { get; }

    public double T1 { get; }

    /// <summary>The state at T0.</summary>
    public IReadOnlyList<double> Initial { get; }

    /// <summary>Accepted steps, each with its interpolant; their boundaries are where the solver's values are exact.</summary>
    public int Steps => segments.Length;

    /// <summary>Start and end of step <paramref name="index"/>.</summary>
    public (double Start, double End) Step(int index) => (segments[index].Start, segments[index].End);

    /// <summary>The state at <paramref name="time"/> ∈ [T0, T1]; throws <see cref="ArgumentOutOfRangeException"/> outside.</summary>
    public double[] Evaluate(double time)
    {
        var output = new double[Dimension];
        Evaluate(time, output);
        return output;
    }

    /// <summary>The state at <paramref name="time"/> into <paramref name="output"/>.</summary>
    public void Evaluate(double time, double[] output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!(time >= T0 && time <= T1))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"the solution covers [{T0}, {T1}]");
        }

        if (segments.Length == 0 || time == T0)
        {
            for (var i = 0; i < Dimension; i++)
            {
                output[i] = Initial[i];
            }

            return;
        }

        var index = Array.BinarySearch(ends, time);
        segments[index >= 0 ? index : Math.Min(~index, segments.Length - 1)].Evaluate(time, output);
    }

    /// <summary>Component <paramref name="component"/> at <paramref name="time"/>.</summary>
    public double Value(double time, int component)
    {
        var state = Evaluate(time);
        return state[component];
    }
}
