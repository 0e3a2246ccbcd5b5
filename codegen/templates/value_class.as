{{ header }}
package {{ package }} {

{{ doc }}[RemoteClass(alias="{{ alias }}")]
public {% if dynamic %}dynamic {% endif %}class {{ name }} extends {{ base }} {
}
}
