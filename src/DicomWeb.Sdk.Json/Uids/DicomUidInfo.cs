namespace DicomWeb;

/// <summary>What the UID registry (PS3.6 Table A-1) says about one UID.</summary>
public readonly struct DicomUidInfo
{
    internal DicomUidInfo(string uid, string keyword, string name, string type, bool isRetired, string info)
    {
        Uid = uid;
        Keyword = keyword;
        Name = name;
        Type = type;
        IsRetired = isRetired;
        Info = info;
    }

    /// <summary>The UID, e.g. "1.2.840.10008.5.1.4.1.1.2".</summary>
    public string Uid { get; }

    /// <summary>The keyword, e.g. "CTImageStorage"; empty for the few retired UIDs without one.</summary>
    public string Keyword { get; }

    /// <summary>The name, e.g. "CT Image Storage".</summary>
    public string Name { get; }

    /// <summary>The registry's type: "SOP Class", "Transfer Syntax", "Well-known SOP Instance", "Coding Scheme"...</summary>
    public string Type { get; }

    /// <summary>Whether the UID is retired from the standard.</summary>
    public bool IsRetired { get; }

    /// <summary>The registry's remark, e.g. "Default Transfer Syntax for DICOM"; often empty.</summary>
    public string Info { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Uid} {Name}";
}
