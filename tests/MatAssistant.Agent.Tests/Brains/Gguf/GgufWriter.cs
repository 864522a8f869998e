using System.Text;

namespace MatAssistant.Agent.Tests.Brains.Gguf;

/// <summary>
/// Writes GGUF v3 files (llama.cpp's model format) with F32 tensors.
/// Hand-written because no .NET library writes GGUF (LLamaSharp only reads it, through llama.cpp), and the tests
/// need tiny models they build themselves instead of downloading weights.
/// Format: magic "GGUF", version 3, tensor count, metadata count, metadata key/values, tensor infos
/// (name, dims in GGML order, type, offset), padding to the alignment, then the tensor data, each tensor aligned.
/// </summary>
internal sealed class GgufWriter
{
    public const int Alignment = 32;

    private enum ValueType : uint
    {
        UInt32 = 4,
        Int32 = 5,
        Float32 = 6,
        Bool = 7,
        String = 8,
        Array = 9,
    }

    private readonly List<(string Key, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, ulong[] Shape, float[] Data)> _tensors = [];

    public GgufWriter Add(string key, string value) => AddRaw(key, w => { w.Write((uint)ValueType.String); WriteString(w, value); });

    public GgufWriter Add(string key, uint value) => AddRaw(key, w => { w.Write((uint)ValueType.UInt32); w.Write(value); });

    public GgufWriter Add(string key, float value) => AddRaw(key, w => { w.Write((uint)ValueType.Float32); w.Write(value); });

    public GgufWriter Add(string key, bool value) => AddRaw(key, w => { w.Write((uint)ValueType.Bool); w.Write(value ? (byte)1 : (byte)0); });

    public GgufWriter Add(string key, IReadOnlyList<string> values) => AddArray(key, ValueType.String, values.Count, w =>
    {
        foreach (var v in values)
        {
            WriteString(w, v);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<float> values) => AddArray(key, ValueType.Float32, values.Count, w =>
    {
        foreach (var v in values)
        {
            w.Write(v);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<int> values) => AddArray(key, ValueType.Int32, values.Count, w =>
    {
        foreach (var v in values)
        {
            w.Write(v);
        }
    });

    /// <summary>Adds an F32 tensor. <paramref name="shape"/> is in GGML order: a PyTorch [out, in] weight has shape {in, out}.</summary>
    public GgufWriter AddTensor(string name, ulong[] shape, float[] data)
    {
        ulong count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }

        if (count != (ulong)data.Length)
        {
            throw new ArgumentException($"Tensor {name}: shape holds {count} values, data has {data.Length}.", nameof(data));
        }

        _tensors.Add((name, shape, data));
        return this;
    }

    public void Write(string path)
    {
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false))
        {
            w.Write("GGUF"u8);
            w.Write(3u);
            w.Write((ulong)_tensors.Count);
            w.Write((ulong)_metadata.Count);
            foreach (var (key, write) in _metadata)
            {
                WriteString(w, key);
                write(w);
            }

            ulong offset = 0;
            foreach (var (name, shape, data) in _tensors)
            {
                WriteString(w, name);
                w.Write((uint)shape.Length);
                foreach (var d in shape)
                {
                    w.Write(d);
                }

                w.Write(0u); // GGML_TYPE_F32
                w.Write(offset);
                offset = Align((ulong)data.Length * sizeof(float) + offset);
            }

            Pad(w);
            foreach (var (_, _, data) in _tensors)
            {
                foreach (var v in data)
                {
                    w.Write(v);
                }

                Pad(w);
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    private GgufWriter AddRaw(string key, Action<BinaryWriter> write)
    {
        _metadata.Add((key, write));
        return this;
    }

    private GgufWriter AddArray(string key, ValueType elementType, int count, Action<BinaryWriter> writeElements) => AddRaw(key, w =>
    {
        w.Write((uint)ValueType.Array);
        w.Write((uint)elementType);
        w.Write((ulong)count);
        writeElements(w);
    });

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static ulong Align(ulong position) => (position + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w)
    {
        w.Flush();
        var position = (ulong)w.BaseStream.Position;
        for (var i = position; i < Align(position); i++)
        {
            w.Write((byte)0);
        }
    }
}
