//go:build !wayland

package gui

// waylandBuild says which display CheckDisplay looks for: Fyne's GLFW
// driver talks to an X server (XWayland under Wayland) unless the app is
// built with the wayland tag.
const waylandBuild = false
