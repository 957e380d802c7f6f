# Builds the Windows installer (target\installer\Deskphone-VERSION.msi) on a Windows build machine
# with JDK 17 (jpackage) and the WiX Toolset 3.x on the PATH; see src/site/markdown/packaging.md.
# Mirrors packaging/linux/app-image.sh + installer.sh: JavaFX linked into the runtime as modules,
# natives beside it, the app and its libraries (Windows natives only) on the class path.
#   .\mvnw.cmd -B package -DskipTests -DskipJpackage "-Djavafx.platform=win" "-Dwebrtc.platform=windows-x86_64"
#   powershell -File packaging\windows\build-msi.ps1 -Version 0.1.0
param([Parameter(Mandatory = $true)][string]$Version, [string]$Target = "target")
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot\..\.."
$jar = "deskphone-$Version.jar"
$jdkModules = "java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.security.jgss,java.instrument,jdk.crypto.ec,jdk.charsets,jdk.localedata,jdk.jsobject,jdk.xml.dom,jdk.unsupported,jdk.net,jdk.management,jdk.zipfs"
$fxModules = "javafx.base,javafx.graphics,javafx.controls,javafx.media,javafx.web"

Copy-Item "$Target\$jar" "$Target\app-input\lib\"
# sqlite-jdbc carries every platform's natives: keep Windows x86-64 only.
$sqlite = "$Target\app-input\lib\sqlite-jdbc.jar"
Add-Type -AssemblyName System.IO.Compression.FileSystem
$zip = [System.IO.Compression.ZipFile]::Open($sqlite, "Update")
$zip.Entries | Where-Object { $_.FullName -match '^org/sqlite/native/' -and $_.FullName -notmatch '^org/sqlite/native/Windows/x86_64/' -and -not $_.FullName.EndsWith('/') } |
    ForEach-Object { $_ } | ForEach-Object { $_.Delete() }
$zip.Dispose()

# JavaFX jars without their DLLs as modules; the DLLs go to the runtime's bin\ (as JavaFX's jmods do).
$fxMods = "$Target\javafx-modules-stripped"; $fxNatives = "$Target\javafx-natives"
Remove-Item -Recurse -Force $fxMods, $fxNatives, "$Target\Deskphone" -ErrorAction SilentlyContinue
New-Item -ItemType Directory $fxMods, $fxNatives | Out-Null
Get-ChildItem "$Target\javafx-modules\*.jar" | ForEach-Object {
    $work = New-Item -ItemType Directory (Join-Path $env:TEMP ([guid]::NewGuid()))
    Push-Location $work; jar xf $_.FullName; Pop-Location
    Get-ChildItem "$work\*.dll" | Move-Item -Destination $fxNatives
    jar --create --file "$fxMods\$($_.Name)" -C $work .
    Remove-Item -Recurse -Force $work
}

jpackage --type app-image --name Deskphone --app-version $Version --vendor Deskphone `
    --dest $Target --input "$Target\app-input\lib" --main-jar $jar --main-class dev.deskphone.cli.Main `
    --module-path $fxMods --add-modules "$jdkModules,$fxModules" --icon "$root\packaging\icons\deskphone.ico" `
    --jlink-options "--strip-debug --no-man-pages --no-header-files --strip-native-commands" `
    --java-options "-XX:+UseSerialGC -Xss512k -Xms24m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=96m -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8" `
    --win-console
Copy-Item "$fxNatives\*.dll" "$Target\Deskphone\runtime\bin\"

# The upgrade code never changes: it is what makes a newer .msi replace an installed older one.
jpackage --type msi --app-image "$Target\Deskphone" --name Deskphone --app-version $Version --vendor Deskphone `
    --description "Desktop softphone for call-center agents" --license-file "$root\LICENSE" `
    --resource-dir "$PSScriptRoot\resources" --win-upgrade-uuid "6c1f4b7e-3d0a-4c8e-9a55-2f1d8e0b7c41" `
    --win-menu --win-menu-group Deskphone --win-shortcut --win-dir-chooser --dest "$Target\installer"
