// Inline MSBuild task (RoslynCodeTaskFactory) used by TorchSharp.targets. It must build with only the .NET SDK, so it cannot
// call patchelf or python; and no library edits ELF version-needed flags, so the few lines of ELF walking are written here.
//
// What it does: in each given ELF shared object, for every version requirement (.gnu.version_r, SHT_GNU_verneed) whose name
// is in VersionNames, set VER_FLG_WEAK (0x2). glibc's loader then only warns instead of refusing to load when that version is
// absent (libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for an unused marker symbol; Debian 12 stops at 3.4.30).
// The file is rewritten through a temporary copy and a rename, so a hard link into the NuGet cache is never modified,
// and a file that is already patched is left untouched (idempotent).
using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class ElfWeakVersionTask : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Semicolon-separated version names to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionNames { get; set; } = "";

    public override bool Execute()
    {
        var names = new HashSet<string>(VersionNames.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                string problem;
                var changed = Weaken(bytes, names, out problem);
                if (problem != null)
                {
                    Log.LogError("ElfWeakVersion: {0}: {1}", path, problem);
                    continue;
                }

                if (changed.Count == 0)
                {
                    Log.LogMessage(MessageImportance.Low, "ElfWeakVersion: {0} already has no strong requirement on {1}.", path, VersionNames);
                    continue;
                }

                var lastWrite = File.GetLastWriteTimeUtc(path);
                var temp = path + ".weak-" + Guid.NewGuid().ToString("N") + ".tmp";
                File.Copy(path, temp); // keeps the file mode
                try
                {
                    using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
                    {
                        stream.Write(bytes, 0, bytes.Length);
                    }

                    // Same time stamp as the package's copy, so the next incremental build's copy step sees an unchanged file.
                    File.SetLastWriteTimeUtc(temp, lastWrite);
                    File.Replace(temp, path, null); // a rename: atomic, and it breaks any hard link to the package cache

                }
                finally
                {
                    if (File.Exists(temp))
                    {
                        File.Delete(temp);
                    }
                }

                Log.LogMessage(MessageImportance.High, "ElfWeakVersion: marked {0} weak in {1}.", string.Join(", ", changed), path);
            }
            catch (IOException e)
            {
                Log.LogError("ElfWeakVersion: {0}: {1}", path, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                Log.LogError("ElfWeakVersion: {0}: {1}", path, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>Sets the weak flag in <paramref name="elf"/> in place; returns the names changed, or sets <paramref name="problem"/>.</summary>
    public static List<string> Weaken(byte[] elf, HashSet<string> names, out string problem)
    {
        problem = null;
        var changed = new List<string>();
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            problem = "not an ELF file";
            return changed;
        }

        var is64 = elf[4] == 2;
        if (elf[4] != 1 && !is64)
        {
            problem = "unknown ELF class";
            return changed;
        }

        if (elf[5] != 1)
        {
            problem = "only little-endian ELF files are supported";
            return changed;
        }

        var shoff = is64 ? (long)U64(elf, 0x28) : U32(elf, 0x20);
        var shentsize = U16(elf, is64 ? 0x3A : 0x2E);
        var shnum = U16(elf, is64 ? 0x3C : 0x30);
        if (shoff <= 0 || shentsize < (is64 ? 64 : 40) || shoff + ((long)shnum * shentsize) > elf.Length)
        {
            problem = "section header table out of range";
            return changed;
        }

        var foundVerneed = false;
        for (var s = 0; s < shnum; s++)
        {
            var sh = (int)(shoff + ((long)s * shentsize));
            if (U32(elf, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }

            foundVerneed = true;
            long offset = is64 ? (long)U64(elf, sh + 0x18) : U32(elf, sh + 0x10);
            long size = is64 ? (long)U64(elf, sh + 0x20) : U32(elf, sh + 0x14);
            var link = (int)U32(elf, sh + (is64 ? 0x28 : 0x18));
            var count = U32(elf, sh + (is64 ? 0x2C : 0x1C));
            if (link >= shnum || offset < 0 || offset + size > elf.Length)
            {
                problem = "version section out of range";
                return changed;
            }

            var strSh = (int)(shoff + ((long)link * shentsize));
            long strOffset = is64 ? (long)U64(elf, strSh + 0x18) : U32(elf, strSh + 0x10);
            long strSize = is64 ? (long)U64(elf, strSh + 0x20) : U32(elf, strSh + 0x14);
            var need = offset;
            for (uint n = 0; n < count; n++)
            {
                if (need + 16 > offset + size)
                {
                    problem = "version-needed entry out of range";
                    return changed;
                }

                var auxCount = U16(elf, (int)need + 2);
                var aux = need + U32(elf, (int)need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    if (aux + 16 > offset + size)
                    {
                        problem = "version-needed auxiliary entry out of range";
                        return changed;
                    }

                    var name = CString(elf, strOffset, strSize, U32(elf, (int)aux + 8));
                    var flags = U16(elf, (int)aux + 4);
                    if (name != null && names.Contains(name) && (flags & VerFlgWeak) == 0)
                    {
                        var weak = (ushort)(flags | VerFlgWeak);
                        elf[aux + 4] = (byte)weak;
                        elf[aux + 5] = (byte)(weak >> 8);
                        changed.Add(name);
                    }

                    var nextAux = U32(elf, (int)aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                var next = U32(elf, (int)need + 12);
                if (next == 0)
                {
                    break;
                }

                need += next;
            }
        }

        if (!foundVerneed)
        {
            problem = "no .gnu.version_r section";
        }

        return changed;
    }

    private static ushort U16(byte[] b, int i) => (ushort)(b[i] | (b[i + 1] << 8));

    private static uint U32(byte[] b, int i) => (uint)(b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));

    private static ulong U64(byte[] b, int i) => U32(b, i) | ((ulong)U32(b, i + 4) << 32);

    private static string CString(byte[] b, long tableOffset, long tableSize, uint index)
    {
        if (index >= tableSize)
        {
            return null;
        }

        var start = tableOffset + index;
        var end = start;
        while (end < tableOffset + tableSize && b[end] != 0)
        {
            end++;
        }

        return System.Text.Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
    }
}
