using System.Reflection;
using System.Text;
using Xunit.Sdk;

namespace DicomWeb.Generators.Tests;

/// <summary>
/// Compares text with an approved file checked in under Snapshots/. On a mismatch it writes the
/// text next to it as *.received.cs (git-ignored) and fails with the first differing lines; to
/// approve, review the diff and rename the received file. The generator's version in
/// [GeneratedCode] is written as {version}, so a release does not change every snapshot
/// (GeneratedCodeTests checks the real one).
/// </summary>
internal static class SnapshotAssert
{
    private static readonly string Folder = typeof(SnapshotAssert).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SnapshotFolder").Value!;

    private static readonly string GeneratorVersion = typeof(ModelGenerator).Assembly.GetName().Version!.ToString();

    public static void Matches(string name, string actual)
    {
        string folder = Folder;
        string approvedPath = Path.Combine(folder, name + ".approved.cs");
        string receivedPath = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n")
            .Replace($"GeneratedCode(\"DicomWeb.Generators\", \"{GeneratorVersion}\")", "GeneratedCode(\"DicomWeb.Generators\", \"{version}\")");
        string? approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, actual);
        throw new XunitException(approved is null
            ? $"No approved snapshot {approvedPath}; wrote {receivedPath}. Review it and rename it to approve."
            : $"{name} differs from {approvedPath}; wrote {receivedPath}.\n{Diff(approved, actual)}");
    }

    /// <summary>The first few differing lines, with a little context, in unified-diff style.</summary>
    public static string Diff(string expected, string actual, int maxHunks = 5)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        var text = new StringBuilder($"--- approved ({a.Length} lines)\n+++ received ({b.Length} lines)\n");
        int hunks = 0;
        for (int i = 0; i < Math.Max(a.Length, b.Length) && hunks < maxHunks; i++)
        {
            string? left = i < a.Length ? a[i] : null, right = i < b.Length ? b[i] : null;
            if (left == right)
                continue;
            hunks++;
            text.Append($"@@ line {i + 1} @@\n");
            for (int c = Math.Max(0, i - 2); c < i; c++)
                text.Append(' ').Append(a[c]).Append('\n');
            if (left is not null) text.Append('-').Append(left).Append('\n');
            if (right is not null) text.Append('+').Append(right).Append('\n');
        }
        return text.ToString();
    }
}
