using DicomWeb.Client;
using DicomWeb.Folder.Tests.Conformance;
using DicomWeb.QuickStart;

namespace DicomWeb.Folder.Tests;

/// <summary>The README's main job (samples/QuickStart), run in-process on a folder store and on Orthanc.</summary>
public sealed class QuickStartFlowTests
{
    [Fact]
    public async Task The_tutorial_flow_passes_on_a_folder_store()
    {
        string folder = Directory.CreateTempSubdirectory("dicomweb-qs-").FullName, saved = Directory.CreateTempSubdirectory("dicomweb-qs-saved-").FullName;
        try
        {
            var output = new StringWriter();
            using (DicomFolderClient store = DicomFolderClient.Open(folder))
                Assert.Equal(0, await new TutorialFlow(store, output).RunAsync(saved));
            string text = output.ToString();
            Assert.Contains("All steps passed.", text);
            Assert.Contains("10. Delete series", text);
            Assert.Contains("pixel (50,50) = RGB(0, 255, 0)", text);
            // What is left after the delete is in the folder, and a second run on it passes too.
            using DicomFolderClient again = DicomFolderClient.Open(folder);
            Assert.Equal(2, again.InstanceCount);
            Assert.Equal(0, await new TutorialFlow(again, new StringWriter()).RunAsync(saved));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(saved, recursive: true);
        }
    }
}

[Collection(OrthancCollection.Name)]
public sealed class QuickStartOnOrthancTests(OrthancFixture orthanc)
{
    [Fact]
    public async Task The_tutorial_flow_passes_on_Orthanc()
    {
        string saved = Directory.CreateTempSubdirectory("dicomweb-qs-saved-").FullName;
        try
        {
            var output = new StringWriter();
            var client = new DicomWebClient(orthanc.CreateClient());
            int code = await new TutorialFlow(client, output).RunAsync(saved);
            Assert.True(code == 0, output.ToString());
        }
        finally
        {
            Directory.Delete(saved, recursive: true);
        }
    }
}
