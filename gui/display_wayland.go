//go:build wayland

package gui

// waylandBuild: built with the wayland tag, Fyne's GLFW driver talks to
// the Wayland compositor, not to an X server.
const waylandBuild = true
